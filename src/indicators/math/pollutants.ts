/** The six pollutants as the GraphQL enum `Pollutant` spells them (contract.md), in the order results list them. */
export const POLLUTANTS = ['PM2_5', 'PM10', 'SO2', 'NO2', 'O3', 'CO'] as const;
export type Pollutant = (typeof POLLUTANTS)[number];

/** Field names used by `AirQualityInput` and `Iaqi` for the same pollutants. */
export type PollutantField = 'pm25' | 'pm10' | 'so2' | 'no2' | 'o3' | 'co';

export const POLLUTANT_FIELD: Readonly<Record<Pollutant, PollutantField>> = {
  PM2_5: 'pm25',
  PM10: 'pm10',
  SO2: 'so2',
  NO2: 'no2',
  O3: 'o3',
  CO: 'co',
};

/** One value per pollutant, keyed by field name; null when there is none. */
export type PerPollutant<T> = { readonly [F in PollutantField]: T };
