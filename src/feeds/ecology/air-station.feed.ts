import { ControlLevel, Department } from '../../platform/enums';
import { POLLUTANTS, type Pollutant } from '../../indicators/math/pollutants';
import { FeedDefinition } from '../../catalog/feed';
import type { Queryable } from '../../platform/db/queryable';
import { storedRegionCodes } from '../../regions/region.queries';
import { RecordReader } from '../../ingest/bulk/coerce';
import { RowErrorCode, checkCoordinates } from '../../catalog/row-validator';
import { derivedData } from '../../ingest/derived-data';
import { AirStationInput } from './air-station.types';
import { latestInRegions } from '../../regions/latest-in-regions';

interface AirStationRow {
  code: string;
  name: string;
  regionCode: string;
  controlLevel: ControlLevel;
  latitude: number | null;
  longitude: number | null;
  monitoredPollutants: Pollutant[];
}

interface References {
  regions: Set<string>;
  /** Region of each station as stored before this batch. */
  /** Region and control level of each station as stored before this batch. */
  stored: Map<string, { region_code: string; control_level: string }>;
}

export const airStationFeed: FeedDefinition<AirStationInput, AirStationRow, References> = {
  dataset: {
    id: 'air-stations',
    owner: Department.ECOLOGY,
    title: 'Air-quality stations',
    description: 'Monitoring stations: region, control level (national/provincial/local), location, monitored pollutants.',
    cadence: 'on change',
    table: 'air_stations',
    latestIn: latestInRegions('air_stations', { column: 'region_code' }, { publishedIn: 'air-stations' }),
    fields: [
      { name: 'code', description: 'Station code of the national network, e.g. 1431A (key)' },
      { name: 'name', description: 'Name' },
      { name: 'regionCode', description: 'Region the station stands in' },
      { name: 'controlLevel', description: 'NATIONAL (国控), PROVINCIAL (省控) or LOCAL' },
      { name: 'latitude', unit: '°', description: 'WGS 84 latitude' },
      { name: 'longitude', unit: '°', description: 'WGS 84 longitude' },
      { name: 'monitoredPollutants', description: 'Pollutants the station measures (default all six)' },
    ],
  },

  validate(input, check) {
    const { code, name, regionCode, controlLevel } = input;
    if (!check.required('code', code) || !check.required('name', name) || !check.required('regionCode', regionCode)) return;
    if (!check.required('controlLevel', controlLevel)) return;
    check.pattern('code', code, /^[A-Za-z0-9_-]{1,20}$/, 'a station code (1–20 letters, digits, - or _)');
    check.humanText('name', name.trim(), 100);
    check.pattern('regionCode', regionCode, /^\d{6}$/, 'a six-digit GB/T 2260 code');
    if (!Object.values(ControlLevel).includes(controlLevel)) {
      check.fail('controlLevel', RowErrorCode.INVALID_FORMAT, `controlLevel ${JSON.stringify(controlLevel)} is not NATIONAL, PROVINCIAL or LOCAL`);
    }
    checkCoordinates(check, input.latitude, input.longitude);
    const monitored = input.monitoredPollutants ?? POLLUTANTS;
    if (monitored.length === 0) {
      check.fail('monitoredPollutants', RowErrorCode.REQUIRED, 'a station monitors at least one pollutant (omit the field for all six)');
    } else if (new Set(monitored).size !== monitored.length) {
      check.fail('monitoredPollutants', RowErrorCode.INCONSISTENT, 'monitoredPollutants lists a pollutant twice');
    } else if (monitored.some((p) => !POLLUTANTS.includes(p))) {
      check.fail('monitoredPollutants', RowErrorCode.INVALID_FORMAT, `monitoredPollutants must be among ${POLLUTANTS.join(', ')}`);
    }
    return {
      code,
      name: name.trim(),
      regionCode,
      controlLevel,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      monitoredPollutants: POLLUTANTS.filter((p) => monitored.includes(p)),
    };
  },

  fromRecord(record, check) {
    const read = new RecordReader(record, check);
    return {
      code: read.text('code'),
      name: read.text('name'),
      regionCode: read.text('regionCode'),
      controlLevel: read.text('controlLevel'),
      latitude: read.number('latitude'),
      longitude: read.number('longitude'),
      monitoredPollutants: read.list('monitoredPollutants'),
    } as AirStationInput;
  },

  async lookup(rows, db: Queryable) {
    const [regions, stored]: [Set<string>, { code: string; region_code: string; control_level: string }[]] = await Promise.all([
      storedRegionCodes(db, rows.map((r) => r.regionCode)),
      db.query('SELECT code, region_code, control_level FROM air_stations WHERE code = ANY($1::text[])', [rows.map((r) => r.code)]),
    ]);
    return { regions, stored: new Map(stored.map((s) => [s.code, s])) };
  },

  checkReferences(row, { regions }, check) {
    if (!regions.has(row.regionCode)) {
      check.fail('regionCode', RowErrorCode.UNKNOWN_REFERENCE, `no region ${row.regionCode}`);
    }
  },

  naturalKey: (r) => r.code,
  regionRef: (r) => r.regionCode,

  upsert: {
    table: 'air_stations',
    conflict: ['code'],
    columns: [
      { name: 'code', type: 'text', key: true, value: (r) => r.code },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'region_code', type: 'text', value: (r) => r.regionCode },
      { name: 'control_level', type: 'text', value: (r) => r.controlLevel },
      { name: 'latitude', type: 'float8', value: (r) => r.latitude },
      { name: 'longitude', type: 'float8', value: (r) => r.longitude },
      { name: 'monitored_pollutants', type: 'text[]', value: (r) => r.monitoredPollutants },
    ],
  },

  // A station that changed region or control level changes the evaluation sets of the regions it left and joined.
  // Only a move or a new control level changes them (a rename does not); a new station has no hours yet.
  async afterWrite(tx, changed: { code: string }[], { stored }) {
    const now: { code: string; region_code: string; control_level: string }[] = await tx.query(
      'SELECT code, region_code, control_level FROM air_stations WHERE code = ANY($1::text[])',
      [changed.map((c) => c.code)],
    );
    const moved = now.filter((n) => {
      const before = stored.get(n.code);
      return before && (before.region_code !== n.region_code || before.control_level !== n.control_level);
    });
    const regions = moved.flatMap((n) => [n.region_code, stored.get(n.code)!.region_code]);
    return derivedData().afterRegionsChanged(tx, [...new Set(regions)]);
  },
};
