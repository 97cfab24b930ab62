import DataLoader from 'dataloader';
import {
  Arg,
  Args,
  ArgsType,
  ClassType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { DataSource } from 'typeorm';
import { Access, regionScopeSql } from '../access/access';
import { Context } from '../platform/context.type';
import { Department } from '../platform/enums';
import { RecordReader } from '../ingest/bulk/coerce';
import { FeedDefinition, Queryable } from '../catalog/feed';
import { IngestReport } from '../ingest/ingest-report';
import { provenanceResolver } from '../ingest/provenance.resolver';
import { RowErrorCode, RowValidator, checkCoordinates } from '../catalog/row-validator';
import { Connection, CursorPart, Page, decodeCursor, pageSize, toPage } from '../platform/pagination';
import { Region } from '../regions/region.entity';
import { assertRegionExists } from '../regions/region.service';
import { DatasetDefinition } from '../catalog/dataset';
import { FieldKind, quantity } from './field-kinds';
import { cstIso } from '../platform/cst';

export interface FieldSpec {
  kind: FieldKind;
  description: string;
  /** Must be given (key fields always are). */
  required?: boolean;
  /** Part of the natural key: re-publishing the same key replaces the row. */
  key?: boolean;
  /** Offered as an exact-match query argument. */
  filter?: boolean;
  /** For a reference: the name of the field that resolves to the referenced row (e.g. `enterprise`). */
  relation?: string;
}

export type Row = Record<string, unknown> & { batchId?: string };

/**
 * A dataset declared once: its fields (kinds carry units, limits, formats), its key and how it reaches a region.
 * `defineDataset` derives from it the GraphQL type, input, query (filters, cursor connection), publish mutation,
 * relations, the feed for the one ingestion path, and the access scope — so a feed is a spec, not a copy.
 */
export interface DatasetSpec {
  id: string;
  owner: Department;
  title: string;
  description: string;
  cadence: string;
  /** GraphQL type name, e.g. `WeatherObservation`. */
  typeName: string;
  inputName: string;
  table: string;
  /** Names of the list query and the publish mutation (`weatherObservations`, `ingestWeather`). */
  query: string;
  mutation: string;
  fields: Record<string, FieldSpec>;
  /** The time field: `from`/`to` arguments, and the catalog's latest observation. */
  time?: string;
  /** A reference field whose row holds the region (a reading's site); default: this dataset's region field. */
  regionVia?: string;
  /** Adds `latitude`/`longitude` (WGS 84, inside China), given together. */
  coordinates?: boolean;
  /** Apollo Federation entity key (a single key field). */
  federationKey?: string;
  /** Rules across fields (an end after its start…). */
  checkRow?(row: Row, check: RowValidator): void;
}

export interface BuiltDataset {
  spec: DatasetSpec;
  dataset: DatasetDefinition;
  feed: FeedDefinition<Row, Row, Map<string, Set<string>>>;
  objectType: ClassType;
  resolvers: ClassType[];
  /** Resolves a federation reference to a row, through the caller's access. */
  resolveReference?: (reference: Record<string, unknown>, ctx: Context) => Promise<Row | null>;
}

const BUILT = new Map<string, BuiltDataset>();

export function builtDataset(id: string): BuiltDataset {
  const built = BUILT.get(id);
  if (!built) throw new Error(`dataset ${id} is not defined`);
  return built;
}

/** Column of a field: camelCase words to snake_case; digits stay with their word (`pm25`, `pm10`, as in air_quality_hourly). */
const snake = (name: string) => name.replace(/[A-Z]+/g, (m) => `_${m.toLowerCase()}`).replace(/^_/, '');

const COORDINATES: Record<string, FieldSpec> = {
  latitude: { kind: quantity(-90, 90, '°'), description: 'WGS 84 latitude, degrees (inside China)' },
  longitude: { kind: quantity(-180, 180, '°'), description: 'WGS 84 longitude, degrees (inside China)' },
};

/** A class named for GraphQL (type-graphql and the Connection factory read `name`). */
function namedClass(name: string): ClassType {
  const cls = class {};
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

function decorateFields(cls: ClassType, fields: [string, FieldSpec][], forInput: boolean): void {
  for (const [name, f] of fields) {
    const unit = f.kind.unit ? ` (${f.kind.unit})` : '';
    Field(f.kind.graphqlType, { nullable: forInput ? !(f.required || f.key) : !(f.required || f.key), description: `${f.description}${unit}` })(
      cls.prototype,
      name,
    );
  }
}

/** The SQL giving a row's region code, and the parameters the list query binds. */
function regionExpression(spec: DatasetSpec): string | null {
  const regionField = Object.entries(spec.fields).find(([, f]) => f.kind.isRegion)?.[0];
  if (spec.regionVia) {
    const via = spec.fields[spec.regionVia];
    const target = builtDataset(via.kind.references!.dataset);
    const targetKey = Object.entries(target.spec.fields).find(([, f]) => f.key)![0];
    return `(SELECT x.${snake(regionFieldOf(target.spec)!)} FROM ${target.spec.table} x WHERE x.${snake(targetKey)} = t.${snake(spec.regionVia)})`;
  }
  return regionField ? `t.${snake(regionField)}` : null;
}

/** What a key column holds in a cursor (a timestamptz travels as ISO 8601). */
const CURSOR_PARTS: Record<string, CursorPart> = { text: 'text', int: 'integer', date: 'date', timestamptz: 'instant' };

function cursorPartOf(dataset: string, field: string, pgType: string): CursorPart {
  const part = CURSOR_PARTS[pgType];
  if (!part) throw new Error(`dataset ${dataset}: key field ${field} of type ${pgType} cannot be paged by`);
  return part;
}

function regionFieldOf(spec: DatasetSpec): string | undefined {
  return Object.entries(spec.fields).find(([, f]) => f.kind.isRegion)?.[0];
}

export function defineDataset(spec: DatasetSpec): BuiltDataset {
  const fields: [string, FieldSpec][] = Object.entries({ ...spec.fields, ...(spec.coordinates ? COORDINATES : {}) });
  const keyFields = fields.filter(([, f]) => f.key).map(([n]) => n);
  const cursorParts = keyFields.map((k) => cursorPartOf(spec.id, k, spec.fields[k].kind.pgType));
  const columns = fields.map(([name, f]) => ({ name, column: snake(name), kind: f.kind }));
  const select = [...columns.map((c) => `t.${c.column} AS "${c.name}"`), 't.batch_id AS "batchId"'].join(', ');
  const regionField = regionFieldOf(spec);
  const hasRegion = !!regionField || !!spec.regionVia;

  const dataset: DatasetDefinition = {
    id: spec.id,
    owner: spec.owner,
    title: spec.title,
    description: spec.description,
    cadence: spec.cadence,
    table: spec.table,
    fields: fields.map(([name, f]) => ({ name, unit: f.kind.unit, description: f.description })),
  };

  // ---- GraphQL types -------------------------------------------------------------------------------------------
  const objectType = namedClass(spec.typeName);
  decorateFields(objectType, fields, false);
  if (spec.federationKey) Directive(`@key(fields: "${spec.federationKey}")`)(objectType);
  ObjectType(spec.typeName, { description: `${spec.title}: ${spec.description} Published by ${spec.owner}.` })(objectType);

  const inputType = namedClass(spec.inputName);
  decorateFields(inputType, fields, true);
  InputType(spec.inputName, { description: `A row of ${spec.id}; the key (${keyFields.join(', ')}) replaces any row with the same key.` })(inputType);

  const argsType = namedClass(`${spec.typeName}Args`);
  Field(() => Int, { nullable: true, description: 'Page size: default 50, at most 1,000.' })(argsType.prototype, 'first');
  Field(() => String, { nullable: true })(argsType.prototype, 'after');
  if (hasRegion) Field(() => String, { nullable: true, description: 'Rows of this region and its sub-regions. No such region: NOT_FOUND.' })(argsType.prototype, 'regionCode');
  if (spec.time) {
    const timeType = spec.fields[spec.time].kind.graphqlType;
    Field(timeType, { nullable: true, description: `Earliest ${spec.time}, inclusive.` })(argsType.prototype, 'from');
    Field(timeType, { nullable: true, description: `Latest ${spec.time}, inclusive.` })(argsType.prototype, 'to');
  }
  // A region field is filtered by `regionCode` above (its whole subtree), never by exact match as well.
  const filters = fields.filter(([, f]) => f.filter && !f.kind.isRegion);
  for (const [name, f] of filters) Field(f.kind.graphqlType, { nullable: true })(argsType.prototype, name);
  ArgsType()(argsType);
  const connection = Connection(objectType as ClassType<object>);

  // ---- the feed: one ingestion path --------------------------------------------------------------------------
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
    },
    fromRecord(record, check) {
      const reader = new RecordReader(record, check);
      return Object.fromEntries(fields.map(([name, f]) => [name, f.kind.read(reader, name)]));
    },
  };

  // ---- reads -------------------------------------------------------------------------------------------------
  async function list(db: DataSource, access: Access, args: Record<string, any>): Promise<Page<Row>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, cursorParts);
    const scope = await access.readScope(dataset);
    if (args.regionCode) {
      await assertRegionExists(db, 'regionCode', args.regionCode);
      await access.assertRegion(dataset, args.regionCode);
    }
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const region = regionExpression(spec);
    const where = [regionScopeSql(scope, region, bind)];
    if (args.regionCode && region) where.push(`${region} IN (SELECT code FROM region_subtree(${bind(args.regionCode)}))`);
    if (spec.time && args.from) where.push(`t.${snake(spec.time)} >= ${bind(args.from)}`);
    if (spec.time && args.to) where.push(`t.${snake(spec.time)} <= ${bind(args.to)}`);
    for (const [name] of filters) if (args[name] !== null && args[name] !== undefined) where.push(`t.${snake(name)} = ${bind(args[name])}`);
    const countSql = `SELECT count(*)::int AS n FROM ${spec.table} t WHERE ${where.join(' AND ')}`;
    const countParams = [...params];
    const keyColumns = keyFields.map((k) => `t.${snake(k)}`);
    if (after) {
      const casts = keyFields.map((k) => spec.fields[k].kind.pgType);
      where.push(`(${keyColumns.join(', ')}) > (${after.map((v, i) => `${bind(v)}::${casts[i]}`).join(', ')})`);
    }
    const rows: Row[] = await db.query(
      `SELECT ${select} FROM ${spec.table} t WHERE ${where.join(' AND ')} ORDER BY ${keyColumns.join(', ')} LIMIT ${bind(limit + 1)}`,
      params,
    );
    access.recordRead(spec.id, Math.min(rows.length, limit));
    const cursorOf = (row: Row) => keyFields.map((k) => (row[k] instanceof Date ? (row[k] as Date).toISOString() : (row[k] as string | number)));
    return toPage(rows, limit, cursorOf, async () => (await db.query(countSql, countParams))[0].n);
  }

  // ---- resolvers ---------------------------------------------------------------------------------------------
  const resolverClass = namedClass(`${spec.typeName}Resolver`);
  const proto = resolverClass.prototype as Record<string, unknown>;
  const method = (name: string, fn: (...args: any[]) => unknown) => {
    proto[name] = fn;
    return Object.getOwnPropertyDescriptor(proto, name)!;
  };

  const listDescriptor = method('list', (args: Record<string, unknown>, ctx: Context) => list(ctx.services.db, ctx.access, args));
  Query(() => connection, { name: spec.query, description: `${spec.title}, by key; filters by region (with sub-regions)${spec.time ? ', time range' : ''} and key fields.` })(
    proto,
    'list',
    listDescriptor,
  );
  Args(() => argsType)(proto, 'list', 0);
  Ctx()(proto, 'list', 1);

  const publishDescriptor = method('publish', (input: Row[], ctx: Context) => ctx.services.ingest.ingest(ctx.access, feed, input));
  Mutation(() => IngestReport, { name: spec.mutation, description: `Publish ${spec.id} (idempotent by key). ${spec.owner} publishers only.` })(
    proto,
    'publish',
    publishDescriptor,
  );
  Arg('input', () => [inputType])(proto, 'publish', 0);
  Ctx()(proto, 'publish', 1);

  if (regionField) {
    const d = method('region', (row: Row, ctx: Context) => (row[regionField] ? ctx.loaders.regionByCode.load(row[regionField] as string) : null));
    FieldResolver(() => Region, { nullable: true, name: 'region' })(proto, 'region', d);
    Root()(proto, 'region', 0);
    Ctx()(proto, 'region', 1);
  }
  for (const [name, f] of fields.filter(([, f]) => f.relation && f.kind.references)) {
    const target = f.kind.references!.dataset;
    const d = method(f.relation!, (row: Row, ctx: Context) => (row[name] ? ctx.loaders.datasetRow(target).load(row[name] as string) : null));
    FieldResolver(() => builtDataset(target).objectType, { nullable: true, name: f.relation })(proto, f.relation!, d);
    Root()(proto, f.relation!, 0);
    Ctx()(proto, f.relation!, 1);
  }
  Resolver(() => objectType)(resolverClass);

  const built: BuiltDataset = {
    spec,
    dataset,
    feed,
    objectType,
    resolvers: [resolverClass, provenanceResolver(objectType as ClassType<{ batchId: string }>)],
    resolveReference: spec.federationKey
      ? (reference, ctx) => ctx.loaders.datasetRow(spec.id).load(String(reference[spec.federationKey!]))
      : undefined,
  };
  BUILT.set(spec.id, built);
  return built;
}

/** The columns a spec needs (name, type, NOT NULL) and its key: what its migration must create. */
export function expectedTable(spec: DatasetSpec): { table: string; columns: { name: string; type: string; notNull: boolean }[]; primaryKey: string[] } {
  const fields = Object.entries({ ...spec.fields, ...(spec.coordinates ? COORDINATES : {}) });
  return {
    table: spec.table,
    columns: [
      ...fields.map(([n, f]) => ({ name: snake(n), type: f.kind.pgType, notNull: !!(f.required || f.key) })),
      { name: 'batch_id', type: 'uuid', notNull: true },
    ],
    primaryKey: fields.filter(([, f]) => f.key).map(([n]) => snake(n)),
  };
}

function referenceTarget(datasetId: string): { table: string; key: string } {
  const target = builtDataset(datasetId);
  const key = Object.entries(target.spec.fields).find(([, f]) => f.key)![0];
  return { table: target.spec.table, key: snake(key) };
}

/**
 * Per-request loaders of rows by key for any defined dataset (relations, federation references): one statement per
 * dataset per response, through the caller's access (under a region-limited grant, a key with no row inside it is
 * FORBIDDEN, whether its row lies outside or does not exist).
 */
export function createDatasetRowLoaders(db: DataSource, access: Access) {
  const loaders = new Map<string, DataLoader<string, Row | null>>();
  return (datasetId: string): DataLoader<string, Row | null> => {
    let loader = loaders.get(datasetId);
    if (!loader) {
      const { spec, dataset } = builtDataset(datasetId);
      const fields = Object.entries({ ...spec.fields, ...(spec.coordinates ? COORDINATES : {}) });
      const key = fields.find(([, f]) => f.key)![0];
      const select = [...fields.map(([n]) => `t.${snake(n)} AS "${n}"`), 't.batch_id AS "batchId"'].join(', ');
      const region = regionExpression(spec);
      loader = new DataLoader<string, Row | null>(async (keys) => {
        const scope = await access.readScope(dataset);
        const params: unknown[] = [keys];
        const rows: (Row & { inScope: boolean })[] = await db.query(
          `SELECT ${select}, ${regionScopeSql(scope, region, (v) => (params.push(v), `$${params.length}`))} AS "inScope"
           FROM ${spec.table} t WHERE t.${snake(key)} = ANY($1::text[])`,
          params,
        );
        access.recordRead(datasetId, rows.filter((r) => r.inScope).length);
        const visible = new Map(rows.filter((r) => r.inScope).map(({ inScope: _inScope, ...row }) => [String(row[key]), row as Row]));
        return keys.map((k) => visible.get(k) ?? access.unseenByKey(dataset, scope, `${spec.typeName} ${key} ${k}`));
      });
      loaders.set(datasetId, loader);
    }
    return loader;
  };
}

declare module '../platform/context.type' {
  interface Loaders {
    datasetRow: ReturnType<typeof createDatasetRowLoaders>;
  }
}
