import { RegionLevel } from '../core/enums';
import { creditCodeCheckCharacter } from '../core/datasets/credit-code';

/**
 * The synthetic part of the demo: feeds that have no public data get a few plausible rows around Chengdu, every name
 * marked （合成数据） so nobody mistakes them for real records. Dates fall in December 2016, beside the real Beijing month.
 */
const SYNTHETIC = '（合成数据）';

/** A valid unified social credit code for a synthetic enterprise (registration 91, region 510100). */
const creditCode = (serial: number) => {
  const first17 = `91510100MA${String(serial).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};

const december = (day: number) => `2016-12-${String(day).padStart(2, '0')}`;

const ENTERPRISES = [
  { creditCode: creditCode(1), name: `川西钢铁有限公司${SYNTHETIC}`, regionCode: '510104', industry: 'STEEL', keyIndustry: true, performanceGrade: 'B', onEmergencyControlList: true },
  { creditCode: creditCode(2), name: `蜀南水泥有限公司${SYNTHETIC}`, regionCode: '510104', industry: 'BUILDING_MATERIALS', keyIndustry: true, performanceGrade: 'C', onEmergencyControlList: true },
  { creditCode: creditCode(3), name: `锦江家具厂${SYNTHETIC}`, regionCode: '510104', industry: 'FURNITURE', keyIndustry: true, performanceGrade: 'A', onEmergencyControlList: false },
];

export const SYNTHETIC_ROWS: { regions: object[]; feeds: [string, object[]][] } = {
  regions: [
    { code: '510000', name: '四川省', level: RegionLevel.PROVINCE },
    { code: '510100', name: '成都市', level: RegionLevel.CITY, parentCode: '510000', keyCity: true },
    { code: '510104', name: '锦江区', level: RegionLevel.COUNTY, parentCode: '510100' },
  ],
  feeds: [
    ['enterprises', ENTERPRISES],
    [
      'enterprise-electricity-daily',
      ENTERPRISES.flatMap((e, i) =>
        Array.from({ length: 31 }, (_, d) => ({
          creditCode: e.creditCode,
          date: december(d + 1),
          // A steady plant, cut by a fifth during the 16–21 December alert days.
          electricity: (1 + i) * 40_000 * (d + 1 >= 16 && d + 1 <= 21 ? 0.8 : 1),
        })),
      ),
    ],
  ],
};
