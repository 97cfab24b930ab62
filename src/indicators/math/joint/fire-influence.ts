import { DAY_MS, addDays, cstDate, datesFromTo } from '../time';
import { aqiLevelInfo } from '../levels';

/** Indicators §5.3: fire hot spots near a city's evaluation stations, beside the city's daily AQI. */

/** Hot spots within this distance of an evaluation station count, unless the caller says otherwise (km). */
export const DEFAULT_RADIUS_KM = 50;

/** Mean Earth radius of the haversine, km. */
export const EARTH_RADIUS_KM = 6371.0;
/** A polluted day: daily AQI above 150, the top of LIGHTLY_POLLUTED in the level table (moderately polluted or worse). */
export const POLLUTED_ABOVE_AQI = aqiLevelInfo('LIGHTLY_POLLUTED').maxAqi!;

export interface Position {
  latitude: number;
  longitude: number;
}

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance by the haversine formula, km. */
export function haversineKm(a: Position, b: Position): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A latitude/longitude box holding every point within `radiusKm` of the positions: a coarse filter for the data
 * source, never the rule (the haversine decides).
 */
export function boundingBox(positions: readonly Position[], radiusKm: number): { minLatitude: number; maxLatitude: number; minLongitude: number; maxLongitude: number } | null {
  if (!positions.length) return null;
  const dLat = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const lats = positions.map((p) => p.latitude);
  const maxAbsLat = Math.min(89, Math.max(...lats.map(Math.abs)) + dLat);
  const dLon = dLat / Math.cos(radians(maxAbsLat));
  const lons = positions.map((p) => p.longitude);
  return {
    minLatitude: Math.min(...lats) - dLat,
    maxLatitude: Math.max(...lats) + dLat,
    minLongitude: Math.min(...lons) - dLon,
    maxLongitude: Math.max(...lons) + dLon,
  };
}

export interface Hotspot {
  id: string;
  detectedAt: Date;
  latitude: number | null;
  longitude: number | null;
  status: string;
}

/** Hot spots that can count: not a false alarm, and with a position. */
export function countableHotspot(h: Hotspot): h is Hotspot & Position {
  return h.status !== 'FALSE_ALARM' && h.latitude !== null && h.longitude !== null;
}

/** The smallest distance from a hot spot to one of the stations, km (Infinity without stations). */
export function nearestStationKm(hotspot: Position, stations: readonly Position[]): number {
  let nearest = Infinity;
  for (const s of stations) nearest = Math.min(nearest, haversineKm(hotspot, s));
  return nearest;
}

export interface FireDay {
  date: string;
  hotspots: number;
  nearestKm: number | null;
  aqi: number | null;
  pollutedWithFire: boolean;
}

export interface CityFireInfluenceResult {
  days: FireDay[];
  daysWithHotspots: number;
  pollutedDays: number;
  pollutedDaysWithHotspots: number;
}

/**
 * For each day D of [from, to]: the hot spots (distinct ids, anywhere) detected on D or D − 1 (CST) within
 * `radiusKm` of one of the city's evaluation stations with a position, the nearest such distance, and the city's
 * daily AQI; a day is polluted with fire when it has hot spots and its AQI is above 150.
 */
export function cityFireInfluence(input: {
  from: string;
  to: string;
  radiusKm: number;
  stations: readonly Position[];
  hotspots: readonly Hotspot[];
  dailyAqi: ReadonlyMap<string, number | null>;
}): CityFireInfluenceResult {
  // Each countable hot spot within the radius, by the CST date it was detected: it counts that day and the next.
  const byDetectionDate = new Map<string, Map<string, number>>();
  for (const h of input.hotspots) {
    if (!countableHotspot(h)) continue;
    const km = nearestStationKm(h, input.stations);
    if (!(km <= input.radiusKm)) continue;
    const date = cstDate(h.detectedAt);
    const found = byDetectionDate.get(date) ?? new Map<string, number>();
    found.set(h.id, Math.min(km, found.get(h.id) ?? Infinity));
    byDetectionDate.set(date, found);
  }
  const days = datesFromTo(input.from, input.to).map((date): FireDay => {
    const near = new Map<string, number>();
    for (const detected of [addDays(date, -1), date]) {
      for (const [id, km] of byDetectionDate.get(detected) ?? []) near.set(id, Math.min(km, near.get(id) ?? Infinity));
    }
    const aqi = input.dailyAqi.get(date) ?? null;
    return {
      date,
      hotspots: near.size,
      nearestKm: near.size ? Math.min(...near.values()) : null,
      aqi,
      pollutedWithFire: near.size > 0 && aqi !== null && aqi > POLLUTED_ABOVE_AQI,
    };
  });
  const polluted = days.filter((d) => d.aqi !== null && d.aqi > POLLUTED_ABOVE_AQI);
  return {
    days,
    daysWithHotspots: days.filter((d) => d.hotspots > 0).length,
    pollutedDays: polluted.length,
    pollutedDaysWithHotspots: polluted.filter((d) => d.hotspots > 0).length,
  };
}

/** Hot spots detected in (at − 24 h, at] within `radiusKm` of one of the stations (the overview's count). */
export function hotspotsWithin24h(at: Date, radiusKm: number, stations: readonly Position[], hotspots: readonly Hotspot[]): number {
  const since = at.getTime() - DAY_MS;
  const ids = new Set<string>();
  for (const h of hotspots) {
    const t = h.detectedAt.getTime();
    if (t <= since || t > at.getTime() || !countableHotspot(h)) continue;
    if (nearestStationKm(h, stations) <= radiusKm) ids.add(h.id);
  }
  return ids.size;
}
