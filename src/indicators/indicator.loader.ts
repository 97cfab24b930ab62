import DataLoader from 'dataloader';
import { HourSeries, IndicatorService, RegionDays } from './indicator.service';

export interface RegionDaysKey {
  regionCode: string;
  from: string;
  to: string;
}

export interface StationHoursKey {
  stationCode: string;
  from: Date;
  to: Date;
}

/** Groups keys asking for the same range, so a page of regions or stations costs one statement per range. */
function byRange<K extends { from: unknown; to: unknown }>(keys: readonly K[]): Map<string, K[]> {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const range = JSON.stringify([key.from, key.to]);
    const group = groups.get(range);
    if (group) group.push(key);
    else groups.set(range, [key]);
  }
  return groups;
}

export function createIndicatorLoaders(indicators: IndicatorService) {
  return {
    regionDays: new DataLoader<RegionDaysKey, RegionDays, string>(
      async (keys) => {
        const results = new Map<RegionDaysKey, RegionDays>();
        for (const group of byRange(keys).values()) {
          const days = await indicators.regionDays(group.map((k) => k.regionCode), group[0].from, group[0].to);
          for (const k of group) results.set(k, days.get(k.regionCode)!);
        }
        return keys.map((k) => results.get(k)!);
      },
      { cacheKeyFn: (k) => JSON.stringify([k.regionCode, k.from, k.to]) },
    ),

    stationHours: new DataLoader<StationHoursKey, HourSeries, string>(
      async (keys) => {
        const results = new Map<StationHoursKey, HourSeries>();
        for (const group of byRange(keys).values()) {
          const hours = await indicators.stationHours(group.map((k) => k.stationCode), group[0].from, group[0].to);
          for (const k of group) results.set(k, hours.get(k.stationCode)!);
        }
        return keys.map((k) => results.get(k)!);
      },
      { cacheKeyFn: (k) => JSON.stringify([k.stationCode, k.from.getTime(), k.to.getTime()]) },
    ),

    evaluationStations: new DataLoader<string, string[]>(async (regions) => {
      const stations = await indicators.evaluationStations(regions);
      return regions.map((r) => stations.get(r) ?? []);
    }),
  };
}
