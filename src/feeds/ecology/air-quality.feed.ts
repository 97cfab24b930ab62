import { Department } from '../../platform/enums';
import { Pollutant } from '../../indicators/pollutant.enum';
import { FeedDefinition } from '../../catalog/feed';
import type { Queryable } from '../../platform/db/queryable';
import { storedRegionCodes } from '../../regions/region.queries';
import { RecordReader } from '../../ingest/bulk/coerce';
import { RowErrorCode } from '../../catalog/row-validator';
import { CHANGED_SERIES_DAYS, derivedData } from '../../ingest/derived-data';
import { AirQualityInput } from './air-quality.types';
import { cstIso } from '../../platform/cst';
import { latestInRegions } from '../../regions/latest-in-regions';

type PollutantField = 'pm25' | 'pm10' | 'so2' | 'no2' | 'o3' | 'co';

/**
 * Physical limits, not typical values: the upper ends sit above the measuring ranges of the network's analysers
 * (dust storms have put PM10 near 10,000 µg/m³; winter PM2.5 episodes pass 1,000), so only the impossible is refused.
 */
export const POLLUTANT_FIELDS: { field: PollutantField; pollutant: Pollutant; max: number; unit: string }[] = [
  { field: 'pm25', pollutant: Pollutant.PM2_5, max: 20_000, unit: 'µg/m³' },
  { field: 'pm10', pollutant: Pollutant.PM10, max: 20_000, unit: 'µg/m³' },
  { field: 'so2', pollutant: Pollutant.SO2, max: 30_000, unit: 'µg/m³' },
  { field: 'no2', pollutant: Pollutant.NO2, max: 20_000, unit: 'µg/m³' },
  { field: 'o3', pollutant: Pollutant.O3, max: 5_000, unit: 'µg/m³' },
  { field: 'co', pollutant: Pollutant.CO, max: 500, unit: 'mg/m³' },
];

export interface AirQualityRow extends Record<PollutantField, number | null> {
  stationCode: string | null;
  regionCode: string | null;
  observedAt: Date;
}

interface References {
  monitoredByStation: Map<string, Pollutant[]>;
  regions: Set<string>;
}

/** The latest hour in a region's subtree, whether a station's or a region's own reported value. */
const latestHour = latestInRegions(
  'air_quality_hourly',
  [
    { via: { table: 'air_stations', region: 'region_code', match: "t.series_key = 'S:' || x.code" } },
    { via: { table: 'regions', region: 'code', match: "t.series_key = 'R:' || x.code" } },
  ],
  { column: 'observed_at', kind: 'instant' },
  { partitionedByMonth: true },
);

export const airQualityFeed: FeedDefinition<AirQualityInput, AirQualityRow, References> = {
  dataset: {
    id: 'air-quality-hourly',
    owner: Department.ECOLOGY,
    title: 'Hourly air quality',
    description: 'Hourly PM2.5, PM10, SO2, NO2, O3 (µg/m³) and CO (mg/m³) by station, or a region\'s own reported value; stamped at the END of the hour.',
    cadence: 'PT1H',
    table: 'air_quality_hourly',
    latestIn: latestHour,
    fields: [
      { name: 'stationCode', description: 'Station (or regionCode: exactly one; with observedAt, the key)' },
      { name: 'regionCode', description: "Region, for a region's own reported value" },
      { name: 'observedAt', description: 'End of the averaging hour (the value stamped 08:00 is the mean of 07:00–08:00)' },
      ...POLLUTANT_FIELDS.map(({ field, pollutant, unit }) => ({ name: field, unit, description: `${pollutant} 1-hour mean` })),
    ],
  },

  validate(input, check, now) {
    const stationCode = input.stationCode || null;
    const regionCode = input.regionCode || null;
    check.exactlyOne({ stationCode, regionCode });
    check.hourStamp('observedAt', input.observedAt, now);
    for (const { field, max, unit } of POLLUTANT_FIELDS) check.range(field, input[field], 0, max, unit);
    if (POLLUTANT_FIELDS.every(({ field }) => input[field] === null || input[field] === undefined)) {
      check.fail(null, RowErrorCode.EMPTY_ROW, 'the row carries no pollutant value');
    }
    const row: AirQualityRow = { stationCode, regionCode, observedAt: input.observedAt } as AirQualityRow;
    for (const { field } of POLLUTANT_FIELDS) row[field] = input[field] ?? null;
    return row;
  },

  fromRecord(record, check) {
    const read = new RecordReader(record, check);
    const input = { stationCode: read.text('stationCode'), regionCode: read.text('regionCode'), observedAt: read.dateTime('observedAt') } as AirQualityInput;
    for (const { field } of POLLUTANT_FIELDS) input[field] = read.number(field);
    return input;
  },

  async lookup(rows, db: Queryable) {
    const stations = [...new Set(rows.map((r) => r.stationCode).filter((c): c is string => !!c))];
    const regions = [...new Set(rows.map((r) => r.regionCode).filter((c): c is string => !!c))];
    const [stationRows, knownRegions]: [{ code: string; monitored: Pollutant[] }[], Set<string>] = await Promise.all([
      stations.length
        ? db.query('SELECT code, monitored_pollutants AS monitored FROM air_stations WHERE code = ANY($1::text[])', [stations])
        : [],
      storedRegionCodes(db, regions),
    ]);
    return {
      monitoredByStation: new Map(stationRows.map((s) => [s.code, s.monitored])),
      regions: knownRegions,
    };
  },

  checkReferences(row, refs, check) {
    if (row.regionCode && !refs.regions.has(row.regionCode)) {
      check.fail('regionCode', RowErrorCode.UNKNOWN_REFERENCE, `no region ${row.regionCode}`);
    }
    if (!row.stationCode) return;
    const monitored = refs.monitoredByStation.get(row.stationCode);
    if (!monitored) {
      check.fail('stationCode', RowErrorCode.UNKNOWN_REFERENCE, `no air station ${row.stationCode}`);
      return;
    }
    for (const { field, pollutant } of POLLUTANT_FIELDS) {
      if (row[field] !== null && !monitored.includes(pollutant)) {
        check.fail(field, RowErrorCode.NOT_MONITORED, `station ${row.stationCode} does not monitor ${pollutant}`);
      }
    }
  },

  observedAt: (r) => r.observedAt,

  // A station's hour lies in its station's region; a region's own hour in that region.
  regionRef: (r) => (r.stationCode ? `S:${r.stationCode}` : `R:${r.regionCode}`),
  async regionsOf(refs, db) {
    const stations = refs.filter((r) => r.startsWith('S:')).map((r) => r.slice(2));
    const rows: { code: string }[] = stations.length
      ? await db.query('SELECT DISTINCT region_code AS code FROM air_stations WHERE code = ANY($1::text[])', [stations])
      : [];
    return [...rows.map((r) => r.code), ...refs.filter((r) => r.startsWith('R:')).map((r) => r.slice(2))];
  },

  naturalKey: (r) => `${r.stationCode ? `station ${r.stationCode}` : `region ${r.regionCode}`} at ${cstIso(r.observedAt)}`,

  upsert: {
    table: 'air_quality_hourly',
    conflict: ['series_key', 'observed_at'],
    columns: [
      { name: 'station_code', type: 'text', key: true, value: (r) => r.stationCode },
      { name: 'region_code', type: 'text', key: true, value: (r) => r.regionCode },
      { name: 'observed_at', type: 'timestamptz', key: true, value: (r) => r.observedAt },
      ...POLLUTANT_FIELDS.map(({ field }) => ({ name: field, type: 'float8', value: (r: AirQualityRow) => r[field] })),
    ],
    partitionedByMonthOf: 'observed_at',
  },

  // Queues the region-day rollup of every region these hours feed, in the same transaction.
  afterWrite: (tx, changed) => derivedData().afterHours(tx, changed),
  afterWriteKeys: CHANGED_SERIES_DAYS,
};
