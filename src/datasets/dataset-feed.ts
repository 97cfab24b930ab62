import { DatasetDefinition } from '../catalog/dataset';
import { FeedDefinition } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { RowErrorCode, RowValidator, checkCoordinates } from '../catalog/row-validator';
import { RecordReader } from '../ingest/bulk/coerce';
import { cstIso } from '../platform/cst';
import { DatasetSpec, FieldSpec, Row, builtDataset, regionFieldOf, snake } from './dataset-spec';
import { sameValue } from './former-names';

export interface DatasetColumn {
  name: string;
  column: string;
  kind: FieldSpec['kind'];
}

/** A declared dataset's feed: what both ingestion paths (mutations and files) run. */
export function datasetFeed(
  spec: DatasetSpec,
  dataset: DatasetDefinition,
  fields: [string, FieldSpec][],
  keyFields: string[],
  columns: DatasetColumn[],
): FeedDefinition<Row, Row, Map<string, Set<string>>> {
  const references = fields.filter(([, f]) => f.kind.isRegion || f.kind.references);
  const feed: FeedDefinition<Row, Row, Map<string, Set<string>>> = {
    dataset,
    validate(input, check, now) {
      const row: Row = {};
      for (const [name, f] of fields) {
        const value = input[name];
        if (value === null || value === undefined || value === '') {
          if (f.required || f.key) check.required(name, null);
          row[name] = null;
          continue;
        }
        const normalised = f.kind.validate(check, name, value, now);
        row[name] = normalised === undefined ? null : normalised;
      }
      if (spec.coordinates) checkCoordinates(check, row.latitude as number | null, row.longitude as number | null);
      if (check.ok) spec.checkRow?.(row, check);
      return row;
    },
    async lookup(rows, db: Queryable) {
      const found = new Map<string, Set<string>>();
      for (const [name, f] of references) {
        const wanted = [...new Set(rows.map((r) => r[name]).filter((v): v is string => typeof v === 'string'))];
        const target = f.kind.isRegion ? { table: 'regions', key: 'code' } : referenceTarget(f.kind.references!.dataset);
        const rowsFound: { key: string }[] = wanted.length
          ? await db.query(`SELECT ${target.key} AS key FROM ${target.table} WHERE ${target.key} = ANY($1::text[])`, [wanted])
          : [];
        found.set(name, new Set(rowsFound.map((r) => r.key)));
      }
      return found;
    },
    checkReferences(row, found, check) {
      for (const [name, f] of references) {
        const value = row[name];
        if (typeof value === 'string' && !found.get(name)!.has(value)) {
          const what = f.kind.isRegion ? 'region' : `${f.kind.references!.dataset} row`;
          check.fail(name, RowErrorCode.UNKNOWN_REFERENCE, `no ${what} ${value}`);
        }
      }
    },
    naturalKey: (row) => keyFields.map((k) => (row[k] instanceof Date ? cstIso(row[k] as Date) : String(row[k]))).join(' | '),
    // Planned times (an alert's start, a burn's) are no observation: the catalog's latestObservedAt must not lie ahead.
    observedAt: spec.time && spec.fields[spec.time].kind.pgType === 'timestamptz' && !spec.fields[spec.time].kind.future ? (row) => row[spec.time!] as Date : undefined,
    upsert: {
      table: spec.table,
      conflict: keyFields.map(snake),
      columns: columns.map((c) => ({ name: c.column, type: c.kind.pgType, key: keyFields.includes(c.name), value: (row: Row) => row[c.name] })),
      partitionedByMonthOf: spec.partitionedByMonth ? snake(spec.time!) : undefined,
    },
    ...regionOfRows(spec),
    fromRecord(record, check) {
      const reader = new RecordReader(record, check);
      // A loop rather than Object.fromEntries(fields.map(…)): no array of pairs per record of a bulk file.
      const input: Row = {};
      for (const [name, f] of fields) input[name] = f.formerName ? readUnderEitherName(reader, check, name, f) : f.kind.read(reader, name);
      return input;
    },
    formerFieldNames: fields.filter(([, f]) => f.formerName).map(([, f]) => f.formerName!),
    afterWrite: spec.afterWrite,
  };
  return feed;
}

/** A renamed field of a record, under its current name or its former one; both with different values reject the row. */
function readUnderEitherName(reader: RecordReader, check: RowValidator, name: string, f: FieldSpec): unknown {
  const current = f.kind.read(reader, name);
  const former = f.kind.read(reader, f.formerName!);
  if (current === null) return former;
  if (former !== null && !sameValue(current, former)) {
    check.fail(name, RowErrorCode.INCONSISTENT, `${f.formerName} (the deprecated former name of ${name}) and ${name} differ; give ${name} alone`);
  }
  return current;
}

function referenceTarget(datasetId: string): { table: string; key: string } {
  const target = builtDataset(datasetId);
  const key = Object.entries(target.spec.fields).find(([, f]) => f.key)![0];
  return { table: target.spec.table, key: snake(key) };
}

/** Where a declared dataset's row lies: its region field, or the region of the row it references (`regionVia`). */
function regionOfRows(spec: DatasetSpec): Pick<FeedDefinition<Row, Row>, 'regionRef' | 'regionsOf'> {
  if (spec.regionVia) {
    const via = spec.regionVia;
    return {
      regionRef: (row) => row[via] as string | null,
      async regionsOf(refs, db) {
        const target = builtDataset(spec.fields[via].kind.references!.dataset).spec;
        const key = referenceTarget(spec.fields[via].kind.references!.dataset).key;
        const rows: { code: string }[] = await db.query(
          `SELECT DISTINCT ${snake(regionFieldOf(target)!)} AS code FROM ${target.table} WHERE ${key} = ANY($1::text[])`,
          [refs],
        );
        return rows.map((r) => r.code);
      },
    };
  }
  const field = regionFieldOf(spec);
  return field ? { regionRef: (row) => row[field] as string | null } : {};
}
