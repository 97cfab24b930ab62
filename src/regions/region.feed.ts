import { Department, RegionLevel } from '../platform/enums';
import { FeedDefinition } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { RecordReader } from '../ingest/bulk/coerce';
import { RowErrorCode } from '../catalog/row-validator';
import { derivedData } from '../ingest/derived-data';
import { RegionInput } from './region.types';
import { latestInRegions } from './latest-in-regions';

interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  keyCity: boolean;
}

/** GB/T 2260: a province's children share its first 2 digits, a city's children its first 4. */
const CHILD_PREFIX: Record<RegionLevel, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6 };
const ALLOWED_PARENTS: Record<RegionLevel, RegionLevel[]> = {
  PROVINCE: [],
  CITY: [RegionLevel.PROVINCE],
  // County-level units directly under a province (省直辖县级行政单位, e.g. 429004 Xiantao) have no city.
  COUNTY: [RegionLevel.CITY, RegionLevel.PROVINCE],
};

interface References {
  /** Level of every region a row may name as parent: stored ones, overridden by this batch's rows. */
  levels: Map<string, RegionLevel>;
  /** Parent and level of each region of the batch as stored before it. */
  stored: Map<string, { parent_code: string | null; level: RegionLevel }>;
}

export const regionFeed: FeedDefinition<RegionInput, RegionRow, References> = {
  dataset: {
    id: 'regions',
    owner: Department.COMMAND_CENTER,
    title: 'Regions',
    description: 'Administrative divisions (GB/T 2260): provinces, cities, counties, and the national key-city flag.',
    cadence: 'on change',
    table: 'regions',
    latestIn: latestInRegions('regions', { column: 'code' }, { publishedIn: 'regions' }),
    openToAllDepartments: true,
    fields: [
      { name: 'code', description: 'GB/T 2260 six-digit code (key)' },
      { name: 'name', description: 'Name' },
      { name: 'level', description: 'PROVINCE, CITY or COUNTY' },
      { name: 'parentCode', description: 'The region it belongs to' },
      { name: 'keyCity', description: 'One of the 168 key cities ranked by the Ministry' },
    ],
  },

  validate(input, check) {
    const { code, name, level } = input;
    const parentCode = input.parentCode || null;
    if (!check.required('code', code) || !check.required('name', name) || !check.required('level', level)) return;
    check.pattern('code', code, /^\d{6}$/, 'a six-digit GB/T 2260 code');
    check.humanText('name', name.trim(), 100);
    if (!Object.values(RegionLevel).includes(level)) {
      check.fail('level', RowErrorCode.INVALID_FORMAT, `level ${JSON.stringify(level)} is not PROVINCE, CITY or COUNTY`);
      return;
    }
    if (level === RegionLevel.PROVINCE && parentCode) {
      check.fail('parentCode', RowErrorCode.INCONSISTENT, 'a PROVINCE has no parent');
    }
    if (level !== RegionLevel.PROVINCE) {
      if (check.required('parentCode', parentCode) && parentCode === code) {
        check.fail('parentCode', RowErrorCode.INCONSISTENT, 'a region cannot be its own parent');
      }
      check.pattern('parentCode', parentCode, /^\d{6}$/, 'a six-digit GB/T 2260 code');
    }
    if (input.keyCity && level !== RegionLevel.CITY) {
      check.fail('keyCity', RowErrorCode.INCONSISTENT, 'only a CITY can be a national key city');
    }
    return { code, name: name.trim(), level, parentCode, keyCity: input.keyCity ?? false };
  },

  fromRecord(record, check) {
    const read = new RecordReader(record, check);
    return {
      code: read.text('code'),
      name: read.text('name'),
      level: read.text('level'),
      parentCode: read.text('parentCode'),
      keyCity: read.boolean('keyCity'),
    } as RegionInput;
  },

  // Parents may come in the same batch: known levels are those stored, overridden by this batch's rows.
  async lookup(rows, db: Queryable) {
    const parents = [...new Set(rows.map((r) => r.parentCode).filter((c): c is string => !!c))];
    const [stored, existing]: [{ code: string; level: RegionLevel }[], { code: string; parent_code: string | null; level: RegionLevel }[]] =
      await Promise.all([
        db.query('SELECT code, level FROM regions WHERE code = ANY($1::text[])', [parents]),
        db.query('SELECT code, parent_code, level FROM regions WHERE code = ANY($1::text[])', [rows.map((r) => r.code)]),
      ]);
    const levels = new Map(stored.map((r) => [r.code, r.level]));
    for (const r of rows) levels.set(r.code, r.level);
    return { levels, stored: new Map(existing.map((e) => [e.code, e])) };
  },

  checkReferences(row, { levels }, check) {
    if (!row.parentCode) return;
    const parentLevel = levels.get(row.parentCode);
    if (!parentLevel) {
      check.fail('parentCode', RowErrorCode.UNKNOWN_REFERENCE, `no region ${row.parentCode} is stored or in this batch`);
      return;
    }
    if (!ALLOWED_PARENTS[row.level].includes(parentLevel)) {
      check.fail('parentCode', RowErrorCode.INCONSISTENT, `a ${row.level} cannot sit under a ${parentLevel} (${row.parentCode})`);
      return;
    }
    const prefix = row.parentCode.slice(0, CHILD_PREFIX[parentLevel]);
    if (!row.code.startsWith(prefix)) {
      check.fail('code', RowErrorCode.INCONSISTENT, `${row.code} does not start with ${prefix}, the prefix of its parent ${row.parentCode} (GB/T 2260)`);
    }
  },
  referencesWithinBatch: true,

  naturalKey: (r) => r.code,
  // A region's row lies in the region itself.
  regionRef: (r) => r.code,

  upsert: {
    table: 'regions',
    conflict: ['code'],
    columns: [
      { name: 'code', type: 'text', key: true, value: (r) => r.code },
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'level', type: 'text', value: (r) => r.level },
      { name: 'parent_code', type: 'text', value: (r) => r.parentCode },
      { name: 'key_city', type: 'boolean', value: (r) => r.keyCity },
    ],
  },

  // A region that moved or changed level changes which stations its old and new ancestors evaluate; a rename or a
  // key-city flag does not, and a new region has no stations or hours yet.
  async afterWrite(tx, changed: { code: string }[], { stored }) {
    const now: { code: string; parent_code: string | null; level: RegionLevel }[] = await tx.query(
      'SELECT code, parent_code, level FROM regions WHERE code = ANY($1::text[])',
      [changed.map((c) => c.code)],
    );
    const moved = now.filter((n) => {
      const before = stored.get(n.code);
      return before && (before.parent_code !== n.parent_code || before.level !== n.level);
    });
    const regions = moved.flatMap((n) => [n.code, stored.get(n.code)!.parent_code].filter((c): c is string => !!c));
    return derivedData().afterRegionsChanged(tx, [...new Set(regions)]);
  },
};
