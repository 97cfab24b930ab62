import { ClassType } from 'type-graphql';
import { Cadence, DatasetDefinition } from '../catalog/dataset';
import { FeedDefinition, QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { RowValidator } from '../catalog/row-validator';
import { Context } from '../platform/context.type';
import { Department } from '../platform/enums';
import type { HourlyRollup } from './aggregate-sql';
import { FieldKind, quantity } from './field-kinds';

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
  /**
   * The field's former name, still answered and accepted for one release as a deprecated alias (docs/architecture.md,
   * Naming): on the row type, as the list's argument, in its `where` and `orderBy`, in the input and as a bulk file's
   * column. A row or a list given both names with different values is refused.
   */
  formerName?: string;
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
  cadence: Cadence;
  /** GraphQL type name, e.g. `WeatherObservation`. */
  typeName: string;
  inputName: string;
  table: string;
  /** Names of the list query and the publish mutation (`weatherObservations`, `ingestWeather`). */
  query: string;
  mutation: string;
  /** Former names of the list query and the publish mutation, still served for one release as deprecated aliases. */
  formerNames?: { query?: string; mutation?: string };
  fields: Record<string, FieldSpec>;
  /** The time field: `from`/`to` arguments, and the catalog's latest observation. */
  time?: string;
  /** Its table is partitioned by the CST month of the time field (a large time series: `platform/db/partitions.ts`). */
  partitionedByMonth?: boolean;
  /** A reference field whose row holds the region (a reading's site); default: this dataset's region field. */
  regionVia?: string;
  /** Adds `latitude`/`longitude` (WGS 84, inside China), given together. */
  coordinates?: boolean;
  /** Apollo Federation entity key (a single key field). */
  federationKey?: string;
  /** Rules across fields (an end after its start…). */
  checkRow?(row: Row, check: RowValidator): void;
  /** The feed's `afterWrite` (catalog/feed.ts): queues the owner's rollups from the key columns of the changed rows. */
  afterWrite?(tx: Queryable, changedKeys: any[]): Promise<QueuedWork | undefined>;
  /** The owner's rollup of hours (per series), which serves the aggregate where it gives the same figures. */
  rollup?: HourlyRollup;
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

/** The declared datasets by id, for references between them (a reading's site, an enterprise's electricity). */
const BUILT = new Map<string, BuiltDataset>();

export function builtDataset(id: string): BuiltDataset {
  const built = BUILT.get(id);
  if (!built) throw new Error(`dataset ${id} is not defined`);
  return built;
}

export function registerBuilt(built: BuiltDataset): void {
  BUILT.set(built.spec.id, built);
}

/** Column of a field: camelCase words to snake_case; digits stay with their word (`pm25`, `pm10`, as in air_quality_hourly). */
export const snake = (name: string) => name.replace(/[A-Z]+/g, (m) => `_${m.toLowerCase()}`).replace(/^_/, '');

/** The optional WGS 84 position a spec adds with `coordinates: true`. */
export const COORDINATES: Record<string, FieldSpec> = {
  latitude: { kind: quantity(-90, 90, '°'), description: 'WGS 84 latitude, degrees (inside China)' },
  longitude: { kind: quantity(-180, 180, '°'), description: 'WGS 84 longitude, degrees (inside China)' },
};

/** A spec's fields, its coordinates included. */
export function specFields(spec: DatasetSpec): [string, FieldSpec][] {
  return Object.entries({ ...spec.fields, ...(spec.coordinates ? COORDINATES : {}) });
}

export function regionFieldOf(spec: DatasetSpec): string | undefined {
  return Object.entries(spec.fields).find(([, f]) => f.kind.isRegion)?.[0];
}

/** The row a `regionVia` dataset's rows reach their region through: its table, key column and region column. */
export function regionViaTarget(spec: DatasetSpec): { table: string; key: string; region: string } {
  const target = builtDataset(spec.fields[spec.regionVia!].kind.references!.dataset).spec;
  const targetKey = Object.entries(target.fields).find(([, f]) => f.key)![0];
  return { table: target.table, key: snake(targetKey), region: snake(regionFieldOf(target)!) };
}

/** The SQL giving a row's region code, and the parameters the list query binds. */
export function regionExpression(spec: DatasetSpec): string | null {
  const regionField = Object.entries(spec.fields).find(([, f]) => f.kind.isRegion)?.[0];
  if (spec.regionVia) {
    const target = regionViaTarget(spec);
    return `(SELECT x.${target.region} FROM ${target.table} x WHERE x.${target.key} = t.${snake(spec.regionVia)})`;
  }
  return regionField ? `t.${snake(regionField)}` : null;
}

/**
 * A condition on a row's region, `on` writing it on a region column: the row's own, or through the row it references
 * (regionViaCondition); null when the dataset's rows have no region.
 */
export function regionCondition(spec: DatasetSpec, on: (column: string) => string): string | null {
  if (spec.regionVia) return regionViaCondition(spec, on);
  const regionField = regionFieldOf(spec);
  return regionField ? on(`t.${snake(regionField)}`) : null;
}

/**
 * A condition on the region of a `regionVia` dataset's rows, `on` writing it on the referenced table's region column:
 * `t.site_id IN (SELECT x.id FROM construction_sites x WHERE <on('x.region_code')>)`. The referenced table's region
 * index finds the sites, this table's key (led by the reference) their rows: never a subquery per row.
 */
export function regionViaCondition(spec: DatasetSpec, on: (column: string) => string): string {
  const target = regionViaTarget(spec);
  return `t.${snake(spec.regionVia!)} IN (SELECT x.${target.key} FROM ${target.table} x WHERE ${on(`x.${target.region}`)})`;
}

/**
 * The fields that lead an index of the dataset's table: the first key field (the primary key), the region field and
 * the time field. A `where` may name them (and the exact-match filters); those never null order a list.
 * test/integration/dataset-tables.spec.ts checks each against the table's btree indexes.
 */
export function indexedFieldsOf(spec: DatasetSpec): string[] {
  const firstKey = Object.entries(spec.fields).find(([, f]) => f.key)?.[0];
  return [...new Set([firstKey, regionFieldOf(spec), spec.time].filter((f): f is string => !!f))];
}
