import { RegionLevel } from '../../platform/enums';
import { creditCodeCheckCharacter } from '../../datasets/credit-code';

/**
 * The synthetic part of the demo: feeds that have no public data get a few plausible rows around Chengdu, every name
 * marked （合成数据） so nobody mistakes them for real records. Dates fall in December 2016, beside the real Beijing month.
 */
const SYNTHETIC = '（合成数据）';

/** A valid unified social credit code for a synthetic enterprise (registration 91, region 510100). */
const creditCode = (serial: number) => {
  const first17 = `91510100MA${String(serial).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
};

const december = (day: number) => `2016-12-${String(day).padStart(2, '0')}`;
/** An instant of December 2016, China Standard Time. */
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2016, 11, day, hour - 8, minute));
const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const CHENGDU = { latitude: 30.66, longitude: 104.07 };
/** Each enterprise's use during the alert, as a share of its usual day. */
const ALERT_USE = [0.7, 0.9, 1];
const SITES = ['CD-SITE-001', 'CD-SITE-002'];
const SEGMENTS = ['CD-RING2-N', 'CD-RENMIN-S'];

const ENTERPRISES = [
  { creditCode: creditCode(1), name: `川西钢铁有限公司${SYNTHETIC}`, regionCode: '510104', industry: 'STEEL', keyIndustry: true, performanceGrade: 'B', onEmergencyControlList: true },
  { creditCode: creditCode(2), name: `蜀南水泥有限公司${SYNTHETIC}`, regionCode: '510104', industry: 'BUILDING_MATERIALS', keyIndustry: true, performanceGrade: 'C', onEmergencyControlList: true },
  { creditCode: creditCode(3), name: `锦江家具厂${SYNTHETIC}`, regionCode: '510104', industry: 'FURNITURE', keyIndustry: true, performanceGrade: 'A', onEmergencyControlList: false },
];

export const SYNTHETIC_ROWS: { regions: object[]; feeds: [string, object[]][] } = {
  regions: [
    { code: '510000', name: '四川省', level: RegionLevel.PROVINCE },
    { code: '510100', name: '成都市', level: RegionLevel.CITY, parentCode: '510000', keyCity: true },
    { code: '510104', name: '锦江区', level: RegionLevel.COUNTY, parentCode: '510100' },
  ],
  feeds: [
    [
      'heavy-pollution-alerts',
      [{ regionCode: '510100', level: 'ORANGE', issuedAt: at(15, 17), startsAt: at(16, 0), endsAt: at(22, 0) }],
    ],
    ['dust-fall-monthly', [{ regionCode: '510104', month: '2016-12', dustFall: 6.8 }]],
    ['enterprises', ENTERPRISES],
    ['industry-energy-monthly', [{ regionCode: '510100', industry: 'STEEL', month: '2016-12', totalEnergy: 182_000, electricity: 41_500 }]],
    ['industrial-output-monthly', [{ regionCode: '510100', product: 'CRUDE_STEEL', month: '2016-12', unit: '10⁴ t', output: 48.2, capacity: 650 }]],
    ['fuel-facilities-monthly', [{ regionCode: '510100', month: '2016-12', gasStations: 712, oilDepots: 9 }]],
    [
      'construction-sites',
      SITES.map((id, i) => ({
        id, name: `天府大道${i + 1}号工地${SYNTHETIC}`, regionCode: '510104', ...CHENGDU, floorArea: 85_000 * (i + 1),
        status: 'ACTIVE', startDate: '2016-03-01', endDate: '2018-06-30', dustMonitor: true, video: i === 0,
      })),
    ],
    [
      'site-dust-readings',
      SITES.flatMap((siteId, i) =>
        DAYS.flatMap((d) => [8, 12, 16].map((h) => ({ siteId, observedAt: at(d, h, 15), pm10: 90 + 40 * i + (d % 7) * 12, pm25: 55 + (d % 5) * 9 }))),
      ),
    ],
    [
      'construction-machinery-daily',
      // Earthwork stops for the alert, except two excavators seen working on the 18th.
      DAYS.map((d) => ({ siteId: SITES[0], date: december(d), emissionStage: 'CHINA_III', ...(d >= 16 && d <= 22 ? (d === 18 ? { machinesInUse: 2, operatingHours: 9 } : { machinesInUse: 0, operatingHours: 0 }) : { machinesInUse: 6, operatingHours: 42 }) })),
    ],
    ['municipal-vehicles-daily', DAYS.map((d) => ({ regionCode: '510104', date: december(d), vehicleType: 'MUCK_TRUCK', vehiclesActive: d >= 16 && d <= 22 ? 0 : 120, trips: d >= 16 && d <= 22 ? 0 : 480, distance: d >= 16 && d <= 22 ? 0 : 9_600 }))],
    [
      'vehicle-fleet-monthly',
      [
        { regionCode: '510100', month: '2016-12', vehicleClass: 'PASSENGER_CAR', fuel: 'GASOLINE', emissionStandard: 'CHINA_5', registeredVehicles: 2_950_000 },
        { regionCode: '510100', month: '2016-12', vehicleClass: 'PASSENGER_CAR', fuel: 'BATTERY_ELECTRIC', emissionStandard: 'NOT_APPLICABLE', registeredVehicles: 38_000 },
        { regionCode: '510100', month: '2016-12', vehicleClass: 'HEAVY_TRUCK', fuel: 'DIESEL', emissionStandard: 'CHINA_3', registeredVehicles: 21_500 },
      ],
    ],
    ['road-segments', SEGMENTS.map((id, i) => ({ id, name: `${i ? '人民南路' : '二环路北段'}${SYNTHETIC}`, regionCode: '510104', mainRoad: true }))],
    [
      'traffic-flow-hourly',
      SEGMENTS.flatMap((segmentId, i) =>
        DAYS.flatMap((d) => [8, 18].map((h) => ({ segmentId, observedAt: at(d, h), vehiclesPerHour: 4_200 - 800 * i, heavyVehicleShare: 6.5, meanSpeed: 23 + 4 * i }))),
      ),
    ],
    [
      'vehicle-violations',
      [17, 18, 19].map((d) => ({ caseId: `CD-2016-12-${d}-001`, occurredAt: at(d, 10), regionCode: '510104', violationType: 'RESTRICTED_ZONE_DIESEL', penalty: 100, plate: '川A***45' })),
    ],
    [
      'fire-hotspots',
      [
        { id: 'HS-20161210-001', detectedAt: at(10, 14), regionCode: '510100', latitude: 30.42, longitude: 103.85, source: 'SATELLITE', confidence: 80, kind: 'STRAW_BURNING', status: 'CONFIRMED' },
        // Near Beijing's stations during the real mid-December smog, so `fireInfluence` has something to join.
        { id: 'HS-SYN-20161217-001', detectedAt: at(17, 13), regionCode: '110114', latitude: 40.35, longitude: 116.05, source: 'SATELLITE', confidence: 72, kind: 'STRAW_BURNING', status: 'CONFIRMED' },
        { id: 'HS-SYN-20161218-001', detectedAt: at(18, 11), regionCode: '110116', latitude: 40.45, longitude: 116.6, source: 'VIDEO', status: 'UNVERIFIED' },
        { id: 'HS-SYN-20161218-002', detectedAt: at(18, 15), regionCode: '110114', latitude: 40.3, longitude: 116.2, source: 'PATROL', status: 'FALSE_ALARM' },
        // A patrol report that knows only its region: counted per region, left out of distance rules.
        { id: 'HS-SYN-20161219-001', detectedAt: at(19, 9), regionCode: '110116', source: 'PATROL', status: 'UNVERIFIED' },
      ],
    ],
    [
      'planned-burns',
      [{ id: 'PB-2016-12-001', regionCode: '510100', latitude: 30.9, longitude: 103.6, startsAt: at(5, 9), endsAt: at(5, 15), area: 12.5, status: 'COMPLETED' }],
    ],
    ['city-targets', [{ regionCode: '510100', periodKind: 'MONTH', period: '2016-12', pm25Target: 90, goodDayRatioTarget: 60 }]],
    ['vehicle-targets', [{ regionCode: '510100', year: 2017, oldVehiclesToEliminate: 160_000, newEnergyVehiclesTarget: 300_000 }]],
    [
      'enterprise-electricity-daily',
      ENTERPRISES.flatMap((e, i) =>
        Array.from({ length: 31 }, (_, d) => ({
          creditCode: e.creditCode,
          date: december(d + 1),
          // Steady plants; during the ORANGE alert (16–22 December, a 20 % cut required) the steelworks cuts 30 %,
          // the cement plant only 10 %, and the grade A furniture maker (exempt) carries on.
          electricity: (1 + i) * 40_000 * (d + 1 >= 16 && d + 1 <= 22 ? ALERT_USE[i] : 1),
        })),
      ),
    ],
  ],
};
