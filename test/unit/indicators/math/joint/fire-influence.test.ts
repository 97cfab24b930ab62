import {
  boundingBox,
  cityFireInfluence,
  EARTH_RADIUS_KM,
  haversineKm,
  hotspotsWithin24h,
  type Hotspot,
  type Position,
} from '../../../../../src/indicators/math/joint/fire-influence';

/** One degree along a meridian: 6371 · π/180 km. On a meridian the haversine reduces to R · Δφ. */
const KM_PER_DEGREE = 111.19492664455873;

const at = (latitude: number, longitude: number): Position => ({ latitude, longitude });

describe('§5.3 haversine (R = 6371.0 km)', () => {
  it('uses an Earth radius of 6371.0 km', () => {
    expect(EARTH_RADIUS_KM).toBe(6371.0);
  });

  it('1° of latitude, and 1° of longitude on the equator, is 6371 · π/180 km', () => {
    expect(haversineKm(at(0, 0), at(1, 0))).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(haversineKm(at(30, 104), at(31, 104))).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(haversineKm(at(0, 0), at(0, 1))).toBeCloseTo(KM_PER_DEGREE, 9);
  });

  it('half the globe is π · 6371 km; a point to itself is 0; symmetric', () => {
    expect(haversineKm(at(0, 0), at(0, 180))).toBeCloseTo(Math.PI * 6371, 6); // 20015.0868
    expect(haversineKm(at(30.5, 104.1), at(30.5, 104.1))).toBe(0);
    expect(haversineKm(at(30, 104), at(31.2, 105))).toBeCloseTo(haversineKm(at(31.2, 105), at(30, 104)), 9);
  });

  it('along a meridian: 0.449° = 49.93 km, 0.4505° = 50.09 km', () => {
    expect(haversineKm(at(30, 104), at(30.449, 104))).toBeCloseTo(49.92652206340687, 6); // 111.1949… × 0.449
    expect(haversineKm(at(30, 104), at(29.5495, 104))).toBeCloseTo(50.09331445337371, 6); // 111.1949… × 0.4505
  });
});

describe('§5.3 city fire influence', () => {
  const S1 = at(30, 104);
  const S2 = at(31, 104); // 1° north of S1
  const hotspot = (id: string, detectedAt: string, latitude: number | null, longitude: number | null, status = 'CONFIRMED'): Hotspot => ({
    id,
    detectedAt: new Date(detectedAt),
    latitude,
    longitude,
    status,
  });
  const hotspots = [
    // CST 03-10 01:00; 0.449° north of S1 = 49.93 km (S2: 0.551° = 61.27 km). Counts on 03-10 and 03-11.
    hotspot('h1', '2025-03-09T17:00:00Z', 30.449, 104),
    hotspot('h1', '2025-03-09T17:00:00Z', 30.449, 104), // the same id again: counted once
    // CST 03-09 23:30 (15:30 UTC); 0.2° north of S2 = 22.24 km. Counts on 03-09 and 03-10.
    hotspot('h2', '2025-03-09T15:30:00Z', 31.2, 104, 'UNVERIFIED'),
    hotspot('h3', '2025-03-11T02:00:00Z', 30.1, 104, 'FALSE_ALARM'), // excluded
    hotspot('h4', '2025-03-11T02:00:00Z', null, null), // no coordinates: excluded
    hotspot('h5', '2025-03-11T02:00:00Z', 29.5495, 104), // 50.09 km from S1: outside 50 km
    // CST 03-11 11:00 at S1 (0 km). Counts on 03-11 and 03-12, not on 03-10.
    hotspot('h7', '2025-03-11T03:00:00Z', 30, 104),
    // CST 03-14 00:00:00: counts on 03-14 and 03-15, not on 03-13.
    hotspot('h6', '2025-03-13T16:00:00Z', 30, 104),
  ];
  const dailyAqi = new Map<string, number | null>([
    ['2025-03-10', 151],
    ['2025-03-11', 150], // 150 is not polluted
    ['2025-03-12', null],
    ['2025-03-13', 200],
  ]);

  it('per day: distinct hot spots detected on D or D − 1 within the radius, the nearest, the AQI and pollutedWithFire', () => {
    const result = cityFireInfluence({ from: '2025-03-10', to: '2025-03-13', radiusKm: 50, stations: [S1, S2], hotspots, dailyAqi });
    expect(result.days.map((d) => [d.date, d.hotspots, d.aqi, d.pollutedWithFire])).toEqual([
      ['2025-03-10', 2, 151, true], // h1, h2
      ['2025-03-11', 2, 150, false], // h1 (detected 03-10), h7
      ['2025-03-12', 1, null, false], // h7 (detected 03-11)
      ['2025-03-13', 0, 200, false], // h6 is detected on 03-14
    ]);
    expect(result.days[0].nearestKm).toBeCloseTo(22.23898532891175, 6); // h2 to S2: 0.2°
    expect(result.days[1].nearestKm).toBe(0);
    expect(result.days[2].nearestKm).toBe(0);
    expect(result.days[3].nearestKm).toBeNull();
    // days with hot spots 10, 11, 12; polluted (> 150) 10, 13; polluted with hot spots 10
    expect(result).toMatchObject({ daysWithHotspots: 3, pollutedDays: 2, pollutedDaysWithHotspots: 1 });
  });

  it('a hot spot at 49.93 km is the nearest when it is the only one counted', () => {
    const result = cityFireInfluence({
      from: '2025-03-10',
      to: '2025-03-10',
      radiusKm: 50,
      stations: [S1, S2],
      hotspots: hotspots.filter((h) => h.id === 'h1'),
      dailyAqi,
    });
    expect(result.days[0].hotspots).toBe(1);
    expect(result.days[0].nearestKm).toBeCloseTo(49.92652206340687, 6);
  });

  it('each city counts against its own stations; a city without stations counts none', () => {
    // Only S2: h1 is 61.27 km away, h7 111.19 km; h2 (22.24 km) counts on 03-10 only.
    const north = cityFireInfluence({ from: '2025-03-10', to: '2025-03-13', radiusKm: 50, stations: [S2], hotspots, dailyAqi });
    expect(north.days.map((d) => d.hotspots)).toEqual([1, 0, 0, 0]);
    expect(north).toMatchObject({ daysWithHotspots: 1, pollutedDays: 2, pollutedDaysWithHotspots: 1 });
    const none = cityFireInfluence({ from: '2025-03-10', to: '2025-03-13', radiusKm: 50, stations: [], hotspots, dailyAqi });
    expect(none.days.map((d) => d.hotspots)).toEqual([0, 0, 0, 0]);
    expect(none).toMatchObject({ daysWithHotspots: 0, pollutedDays: 2, pollutedDaysWithHotspots: 0 });
  });

  it('the radius is a parameter: at 62 km h1 also counts for the northern station', () => {
    const north = cityFireInfluence({ from: '2025-03-10', to: '2025-03-11', radiusKm: 62, stations: [S2], hotspots, dailyAqi });
    expect(north.days.map((d) => d.hotspots)).toEqual([2, 1]);
    expect(north.days[1].nearestKm).toBeCloseTo(61.26840458115186, 6); // 0.551°
  });
});

describe('§5.3 bounding box (coarse filter)', () => {
  /** The point `km` from `from` on the initial bearing `bearingDeg` (spherical destination formula). */
  function destination(from: Position, km: number, bearingDeg: number): Position {
    const d = km / 6371;
    const phi1 = (from.latitude * Math.PI) / 180;
    const lambda1 = (from.longitude * Math.PI) / 180;
    const theta = (bearingDeg * Math.PI) / 180;
    const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
    const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
    return at((phi2 * 180) / Math.PI, (lambda2 * 180) / Math.PI);
  }

  it('null without positions', () => {
    expect(boundingBox([], 50)).toBeNull();
  });

  it('latitudes widened by radius / (R · π/180) degrees', () => {
    const box = boundingBox([at(30, 104), at(31.5, 105)], 50)!;
    const dLat = 50 / KM_PER_DEGREE; // 0.44966080…
    expect(box.minLatitude).toBeCloseTo(30 - dLat, 9);
    expect(box.maxLatitude).toBeCloseTo(31.5 + dLat, 9);
  });

  it.each([[[at(30, 104), at(31.5, 105)]], [[at(53.5, 123)]], [[at(3.9, 109.5), at(18.2, 73.5)]]])(
    'contains every point the haversine puts within 50 km of a position, on every bearing: %j',
    (positions) => {
      const box = boundingBox(positions, 50)!;
      for (const p of positions) {
        for (let bearing = 0; bearing < 360; bearing += 1) {
          for (const km of [50, 49.999, 25]) {
            const q = destination(p, km, bearing);
            expect(haversineKm(p, q)).toBeCloseTo(km, 6);
            // Only what the rule counts must be in the box: a point on the circle may round either way.
            if (haversineKm(p, q) > 50) continue;
            expect(q.latitude).toBeGreaterThanOrEqual(box.minLatitude);
            expect(q.latitude).toBeLessThanOrEqual(box.maxLatitude);
            expect(q.longitude).toBeGreaterThanOrEqual(box.minLongitude);
            expect(q.longitude).toBeLessThanOrEqual(box.maxLongitude);
          }
        }
      }
    },
  );
});

describe('§7 overview: hot spots within 24 h, (at − 24 h, at]', () => {
  const stations = [at(30, 104)];
  const asOf = new Date('2025-03-12T04:00:00Z');
  const hotspot = (id: string, detectedAt: string, latitude = 30.1, status = 'CONFIRMED'): Hotspot => ({
    id,
    detectedAt: new Date(detectedAt),
    latitude,
    longitude: 104,
    status,
  });

  it('excludes at − 24 h, includes at; status, position and radius apply; distinct ids', () => {
    const hotspots = [
      hotspot('exactly-24h', '2025-03-11T04:00:00.000Z'), // excluded
      hotspot('just-inside', '2025-03-11T04:00:00.001Z'),
      hotspot('just-inside', '2025-03-11T05:00:00.000Z'), // same id
      hotspot('at', '2025-03-12T04:00:00.000Z'),
      hotspot('after', '2025-03-12T04:00:00.001Z'), // excluded
      hotspot('false', '2025-03-12T00:00:00Z', 30.1, 'FALSE_ALARM'), // excluded
      hotspot('far', '2025-03-12T00:00:00Z', 29.5495), // 50.09 km: excluded
      hotspot('near', '2025-03-12T00:00:00Z', 30.449), // 49.93 km
      { id: 'nowhere', detectedAt: new Date('2025-03-12T00:00:00Z'), latitude: null, longitude: null, status: 'CONFIRMED' },
    ];
    expect(hotspotsWithin24h(asOf, 50, stations, hotspots)).toBe(3); // just-inside, at, near
  });
});
