/** Composite index I = Σ Cᵢ/Sᵢ (城市环境空气质量排名技术规定), with Sᵢ from the edition. */
import type { Edition } from './editions';
import { POLLUTANTS, type Pollutant } from './pollutants';
import { roundHalfEven } from './rounding';

/** Cᵢ of each pollutant: SO2, NO2, PM10, PM2.5 means; CO its 24h mean or P95; O3 MDA8 or its P90. */
export type CompositeIndexInputs = Readonly<Record<Pollutant, number | null>>;

/** The unrounded composite index, or null when any of the six terms is missing. */
export function compositeIndex(inputs: CompositeIndexInputs, edition: Edition): number | null {
  let sum = 0;
  for (const pollutant of POLLUTANTS) {
    const concentration = inputs[pollutant];
    if (concentration === null) return null;
    sum += concentration / edition.compositeIndexDivisors[pollutant];
  }
  return sum;
}

/** The composite index as ranked and displayed: two decimals, GB/T 8170. */
export function roundCompositeIndex(index: number): number {
  return roundHalfEven(index, 2);
}
