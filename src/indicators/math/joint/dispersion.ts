import { datesFromTo, dateOfHourStart } from '../time';
import { atLeast, below } from './compare';

/** Indicators §5.4: stagnant hours (light wind and high humidity) that keep pollution in place. */

/** An hour is stagnant when the mean wind is below 2.0 m/s and the mean relative humidity at least 80 %. */
export const STAGNANT = { windBelowMs: 2.0, humidityAtLeastPercent: 80 } as const;
/** A day is unfavourable to dispersion with at least 12 stagnant hours. */
export const UNFAVOURABLE_STAGNANT_HOURS = 12;

/** What the weather stations in scope reported at one hour stamp (the end of the hour): each station's value. */
export interface WeatherHour {
  stamp: Date;
  windSpeeds: readonly number[];
  humidities: readonly number[];
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

export function isStagnant(windMean: number | null, humidityMean: number | null): boolean {
  return windMean !== null && humidityMean !== null && below(windMean, STAGNANT.windBelowMs) && atLeast(humidityMean, STAGNANT.humidityAtLeastPercent);
}

export interface DispersionDayResult {
  date: string;
  hoursWithData: number;
  stagnantHours: number;
  unfavourable: boolean;
}

/**
 * Per day D of [from, to] (its hours stamped D 01:00 … D+1 00:00): hours where both means exist, the stagnant ones,
 * and whether they reach 12.
 */
export function dispersionDays(from: string, to: string, hours: readonly WeatherHour[]): DispersionDayResult[] {
  const byDay = new Map<string, { withData: number; stagnant: number }>();
  for (const h of hours) {
    const wind = mean(h.windSpeeds);
    const humidity = mean(h.humidities);
    if (wind === null || humidity === null) continue;
    const date = dateOfHourStart(h.stamp);
    const day = byDay.get(date) ?? { withData: 0, stagnant: 0 };
    day.withData++;
    if (isStagnant(wind, humidity)) day.stagnant++;
    byDay.set(date, day);
  }
  return datesFromTo(from, to).map((date) => {
    const day = byDay.get(date) ?? { withData: 0, stagnant: 0 };
    return { date, hoursWithData: day.withData, stagnantHours: day.stagnant, unfavourable: day.stagnant >= UNFAVOURABLE_STAGNANT_HOURS };
  });
}
