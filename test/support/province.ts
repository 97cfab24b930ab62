/** One province, two cities, two counties each: every station's batch touches the same city- and province-days. */
export const REGIONS = [
  { code: '510000', name: '四川省', level: 'PROVINCE' },
  { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000' },
  { code: '510104', name: '锦江区', level: 'COUNTY', parentCode: '510100' },
  { code: '510105', name: '青羊区', level: 'COUNTY', parentCode: '510100' },
  { code: '510300', name: '自贡市', level: 'CITY', parentCode: '510000' },
  { code: '510302', name: '自流井区', level: 'COUNTY', parentCode: '510300' },
  { code: '510303', name: '贡井区', level: 'COUNTY', parentCode: '510300' },
];
export const COUNTIES = ['510104', '510105', '510302', '510303'];
