import DataLoader from 'dataloader';
import { Access } from '../auth/access';
import { forbidden } from '../errors';
import { HourSeries, IndicatorService, RegionDays } from './indicator.service';

export interface RegionDaysKey {
  regionCode: string;
  from: string;
  to: string;
}

export interface StationHoursKey {
  stationCode: string;
  /** The station's region: what a region-limited grant is checked against. */
  regionCode: string;
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

const AIR_QUALITY = 'air-quality-hourly';

const notCovered = (regionCode: string) =>
  forbidden(`the grant to read dataset ${AIR_QUALITY} does not cover region ${regionCode}`, { dataset: AIR_QUALITY, regionCode });

/** Indicators are computed from air-quality-hourly: reading them needs the same grant as reading the hours. */
export function createIndicatorLoaders(indicators: IndicatorService, access: Access) {
  return {
    regionDays: new DataLoader<RegionDaysKey, RegionDays, string>(
      async (keys) => {
        const allowed = await access.regionsWithin(AIR_QUALITY, [...new Set(keys.map((k) => k.regionCode))]);
        const results = new Map<RegionDaysKey, RegionDays>();
        for (const group of byRange(keys.filter((k) => allowed.has(k.regionCode))).values()) {
          const days = await indicators.regionDays(group.map((k) => k.regionCode), group[0].from, group[0].to);
          for (const k of group) {
            results.set(k, days.get(k.regionCode)!);
            access.recordRead(AIR_QUALITY, days.get(k.regionCode)!.size);
          }
        }
        return keys.map((k) => results.get(k) ?? notCovered(k.regionCode));
      },
      { cacheKeyFn: (k) => JSON.stringify([k.regionCode, k.from, k.to]) },
    ),

    stationHours: new DataLoader<StationHoursKey, HourSeries, string>(
      async (keys) => {
        const allowed = await access.regionsWithin(AIR_QUALITY, [...new Set(keys.map((k) => k.regionCode))]);
        const results = new Map<StationHoursKey, HourSeries>();
        for (const group of byRange(keys.filter((k) => allowed.has(k.regionCode))).values()) {
          const hours = await indicators.stationHours(group.map((k) => k.stationCode), group[0].from, group[0].to);
          for (const k of group) {
            results.set(k, hours.get(k.stationCode)!);
            access.recordRead(AIR_QUALITY, hours.get(k.stationCode)!.size);
          }
        }
        return keys.map((k) => results.get(k) ?? notCovered(k.regionCode));
      },
      { cacheKeyFn: (k) => JSON.stringify([k.stationCode, k.from.getTime(), k.to.getTime()]) },
    ),

    evaluationStations: new DataLoader<string, string[]>(async (regions) => {
      const stations = await indicators.evaluationStations(regions);
      return regions.map((r) => stations.get(r) ?? []);
    }),
  };
}
