import { registerEnumType } from 'type-graphql';

export enum Department {
  ECOLOGY = 'ECOLOGY',
  ECONOMY = 'ECONOMY',
  HOUSING = 'HOUSING',
  PUBLIC_SECURITY = 'PUBLIC_SECURITY',
  FORESTRY = 'FORESTRY',
  METEOROLOGY = 'METEOROLOGY',
  COMMAND_CENTER = 'COMMAND_CENTER',
}

export enum Role {
  PUBLISHER = 'PUBLISHER',
  READER = 'READER',
  ADMIN = 'ADMIN',
}

export enum RegionLevel {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  COUNTY = 'COUNTY',
}

export enum ControlLevel {
  NATIONAL = 'NATIONAL',
  PROVINCIAL = 'PROVINCIAL',
  LOCAL = 'LOCAL',
}

registerEnumType(Department, {
  name: 'Department',
  description: 'The seven departments of the Sichuan 2022 Measures, Section 9 and 10.',
  valuesConfig: {
    ECOLOGY: { description: '生态环境 Ecology & Environment' },
    ECONOMY: { description: '经济和信息化 Economy & Information Technology' },
    HOUSING: { description: '住房城乡建设 Housing & Urban-Rural Development' },
    PUBLIC_SECURITY: { description: '公安（交警） Public Security / traffic police' },
    FORESTRY: { description: '林业和草原 Forestry & Grassland' },
    METEOROLOGY: { description: '气象 Meteorology' },
    COMMAND_CENTER: { description: '省大气污染防治指挥调度中心 Provincial command center: reads every dataset' },
  },
});
registerEnumType(Role, {
  name: 'Role',
  description: "What an API key may do within its department's access: write, read only, or administer.",
  valuesConfig: {
    PUBLISHER: { description: "Writes its own department's datasets; reads what its department may read." },
    READER: { description: 'Reads what its department may read.' },
    ADMIN: {
      description:
        "Manages its department's keys and grants; reads what its department may read; sees the audit entries of its department's keys and of others' reads of its datasets (the command center's: all).",
    },
  },
});
registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Administrative level (GB/T 2260).',
  valuesConfig: {
    PROVINCE: { description: '省 Province: the top of the tree, no parent' },
    CITY: { description: '市（州）City or prefecture: the unit of the monthly scores; parent a province' },
    COUNTY: { description: '县（市、区）County, county-level city or district; parent a city, or the province for a county-level unit under it directly' },
  },
});
registerEnumType(ControlLevel, {
  name: 'ControlLevel',
  description: "Control level of an air monitoring station: which regions' values it counts for (docs/indicators.md §2).",
  valuesConfig: {
    NATIONAL: { description: '国控 national-control station: counts for its city and county' },
    PROVINCIAL: { description: '省控 provincial-control station: counts for its county' },
    LOCAL: { description: 'Local station: never counts for a region value' },
  },
});
