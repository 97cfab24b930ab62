import { requireDataset } from '../catalog/registry';
import DataLoader from 'dataloader';
import { Access } from '../access/access';
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

/**
 * A loader of one series per key over a time range, through the caller's air-quality grant: keys outside it are
 * FORBIDDEN, the rest are read one statement per distinct range, and the rows read are tallied for the audit log.
 */
function seriesLoader<K extends { regionCode: string; from: F; to: F }, F, V extends { size: number }>(
  access: Access,
  load: (keys: K[], from: F, to: F) => Promise<(key: K) => V>,
  cacheKeyFn: (key: K) => string,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const allowed = await access.regionsWithin(requireDataset(AIR_QUALITY), [...new Set(keys.map((k) => k.regionCode))]);
      const results = new Map<K, V>();
      for (const group of byRange(keys.filter((k) => allowed.has(k.regionCode))).values()) {
        const valueOf = await load(group, group[0].from, group[0].to);
        for (const k of group) {
          const value = valueOf(k);
          results.set(k, value);
          access.recordRead(AIR_QUALITY, value.size);
        }
      }
      return keys.map((k) => results.get(k) ?? access.regionNotCovered(requireDataset(AIR_QUALITY), k.regionCode));
    },
    { cacheKeyFn },
  );
}

/** Indicators are computed from air-quality-hourly: reading them needs the same grant as reading the hours. */
export function createIndicatorLoaders(indicators: IndicatorService, access: Access) {
  return {
    regionDays: seriesLoader<RegionDaysKey, string, RegionDays>(
      access,
      async (keys, from, to) => {
        const days = await indicators.regionDays(keys.map((k) => k.regionCode), from, to);
        return (k) => days.get(k.regionCode)!;
      },
      (k) => JSON.stringify([k.regionCode, k.from, k.to]),
    ),

    stationHours: seriesLoader<StationHoursKey, Date, HourSeries>(
      access,
      async (keys, from, to) => {
        const hours = await indicators.stationHours(keys.map((k) => k.stationCode), from, to);
        return (k) => hours.get(k.stationCode)!;
      },
      (k) => JSON.stringify([k.stationCode, k.from.getTime(), k.to.getTime()]),
    ),

    evaluationStations: new DataLoader<string, string[]>(async (regions) => {
      const stations = await indicators.evaluationStations(regions);
      return regions.map((r) => stations.get(r) ?? []);
    }),
  };
}

type IndicatorLoaders = ReturnType<typeof createIndicatorLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends IndicatorLoaders {}
}
