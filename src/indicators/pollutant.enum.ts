import { registerEnumType } from 'type-graphql';
import type * as math from './math/pollutants';

/** The GraphQL enum of math/pollutants.ts's Pollutant, checked against it; its keys keep the order results list. */
export const Pollutant = {
  PM2_5: 'PM2_5',
  PM10: 'PM10',
  SO2: 'SO2',
  NO2: 'NO2',
  O3: 'O3',
  CO: 'CO',
} as const satisfies { [K in math.Pollutant]: K };
export type Pollutant = math.Pollutant;

registerEnumType(Pollutant, {
  name: 'Pollutant',
  description: 'The six pollutants of the AQI (HJ 633), with the unit their concentrations are given in.',
  valuesConfig: {
    PM2_5: { description: 'PM2.5, µg/m³' },
    PM10: { description: 'PM10, µg/m³' },
    SO2: { description: 'SO2, µg/m³' },
    NO2: { description: 'NO2, µg/m³' },
    O3: { description: 'O3, µg/m³' },
    CO: { description: 'CO, mg/m³' },
  },
});
