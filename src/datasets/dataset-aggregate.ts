import { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, ClassType, Ctx, Field, Info, Query, Resolver } from 'type-graphql';
import { Access, regionScopeSql } from '../access/access';
import { DatasetDefinition } from '../catalog/dataset';
import { Context } from '../platform/context.type';
import { Department } from '../platform/enums';
import type { Queryable } from '../platform/db/queryable';
import { DateScalar, MonthScalar } from '../platform/scalars';
import { assertRegionExists } from '../regions/region.queries';
import { AGGREGATE_NOTE, GroupKey, decorateAggregateArgs, groupTypes } from './aggregate-graphql';
import { selectedFields } from '../platform/selection';
import {
  Measure,
  TimeShape,
  bucketSql,
  bucketsOf,
  checkAggregateRange,
  groupedSql,
  groupsOf,
  maxAggregateDays,
  maxGroupsOf,
  partialColumns,
  partialFigures,
  rowFigures,
  rowPartials,
  splitHours,
  tooManyGroups,
} from './aggregate-sql';
import { DatasetSpec, FieldSpec, regionCondition, regionFieldOf, regionViaTarget, snake, specFields } from './dataset-spec';
import { FieldKind } from './field-kinds';
import { namedClass } from './named-class';
import { sortFieldValue } from './order-input';
import { WhereInput, WhereValue } from './where-input';

/** The shape of a time field's values, from its kind. */
function timeShapeOf(spec: DatasetSpec, kind: FieldKind): TimeShape {
  if (kind.pgType === 'timestamptz') return 'instant';
  if (kind.pgType === 'date') return 'day';
  if (kind.graphqlType() === MonthScalar) return 'month';
  if (kind.pgType === 'int') return 'year';
  throw new Error(`dataset ${spec.id}: its time field ${spec.time} is of no kind an aggregate can group`);
}

/** The fields a `where` names, at any depth of its and/or. */
function whereFields(where: WhereValue | null | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (w: WhereValue) => {
    for (const [key, value] of Object.entries(w)) {
      if (value === null || value === undefined) continue;
      if (key === 'and' || key === 'or') (value as WhereValue[]).forEach(visit);
      else names.add(key);
    }
  };
  if (where) visit(where);
  return names;
}

/** A row's region as a group key, and the join it needs: its own region column, or the referenced row's (a reading's site). */
function regionKeyOf(spec: DatasetSpec): { key: string; join: string } | null {
  if (spec.regionVia) {
    const target = regionViaTarget(spec);
    return { key: `r.${target.region}`, join: ` LEFT JOIN ${target.table} r ON r.${target.key} = t.${snake(spec.regionVia)}` };
  }
  const field = regionFieldOf(spec);
  return field ? { key: `t.${snake(field)}`, join: '' } : null;
}

/**
 * A declared dataset's aggregate, `<query>Aggregate`, for a dataset with a time field: its `<Type>GroupBy` and
 * `<Type>Group` types and its resolver. The rows are those the list would return for the same `where`,
 * `regionCode`, `from`/`to` and exact-match filters, in the caller's grant scope; grouped by the region, the series
 * (the first key field that references another dataset: a station, a site…), the CST day or month; one statement.
 * A spec's `rollup` (hours of partial figures) serves the whole hours of the range when every figure asked for is in
 * it and the filters name only the series: the same figures as from the rows (up to the order floating-point
 * additions are made in).
 */
export function datasetAggregate(spec: DatasetSpec, dataset: DatasetDefinition, filters: [string, FieldSpec][], where: WhereInput): ClassType | null {
  if (!spec.time) return null;
  const timeName = spec.time;
  const timeKind = spec.fields[timeName].kind;
  const shape = timeShapeOf(spec, timeKind);
  const maxDays = maxAggregateDays(spec.cadence, shape);
  const hasRegion = !!regionFieldOf(spec) || !!spec.regionVia;
  const series = Object.entries(spec.fields).find(([, f]) => f.key && f.kind.references);
  const subject = `${spec.id} rows`;

  const keys: GroupKey[] = [];
  if (hasRegion) {
    keys.push({
      value: 'REGION',
      name: 'regionCode',
      type: () => String,
      groupBy: spec.regionVia ? `By the region of the row's ${spec.fields[spec.regionVia].relation ?? spec.regionVia} (its own code, not its city's).` : "By the row's region (its own code, not its city's).",
      description: 'The GB/T 2260 code of the group\'s region, when grouped by REGION; else null.',
    });
  }
  if (series) {
    const [name, f] = series;
    const value = sortFieldValue(f.relation ?? name);
    keys.push({ value, name, type: f.kind.outputType ?? f.kind.graphqlType, groupBy: `By ${name} (${f.description}).`, description: `${f.description} (\`${name}\`), when grouped by ${value}; else null.` });
  }
  const buckets = bucketsOf(shape);
  const stampNote = shape === 'instant' ? ' A value stamped 00:00 counts on the day it is stamped.' : '';
  if (buckets.includes('day')) {
    keys.push({ value: 'DAY', name: 'day', type: () => DateScalar, bucket: 'day', groupBy: `By the CST (UTC+8) calendar day of ${timeName}.`, description: `The CST day of the rows' ${timeName}, when grouped by DAY; else null.${stampNote}` });
  }
  if (buckets.includes('month')) {
    keys.push({ value: 'MONTH', name: 'month', type: () => MonthScalar, bucket: 'month', groupBy: `By the CST (UTC+8) month of ${timeName}.`, description: `The CST month of the rows' ${timeName}, when grouped by MONTH; else null.` });
  }
  // Numbers that are measurements: not keys, not the time, not angles (a mean of directions or coordinates means nothing).
  const measures = specFields(spec)
    .filter(([name, f]) => !f.key && name !== timeName && (f.kind.pgType === 'int' || f.kind.pgType === 'float8') && f.kind.unit !== '°')
    .map(([name, f]) => ({
      name,
      sql: `t.${snake(name)}`,
      additive: !!f.kind.additive,
      description: `${f.description}${f.kind.unit ? ` (${f.kind.unit})` : ''} over the group's rows: count, min, max, mean${f.kind.additive ? ', sum' : ''}.`,
    }));
  const { groupBy, group } = groupTypes(spec.typeName, subject, keys, measures);

  const argsType = namedClass(`${spec.typeName}AggregateArgs`);
  decorateAggregateArgs(argsType, groupBy, subject);
  Field(() => where.type, { nullable: true, description: `Only the rows that match, as in \`${spec.query}\`, with the other filters (all hold together) and within the caller's grant.` })(argsType.prototype, 'where');
  if (hasRegion) Field(() => String, { nullable: true, description: 'Rows of this region and its sub-regions. No such region: NOT_FOUND.' })(argsType.prototype, 'regionCode');
  const range = maxDays ? ` At most ${maxDays} days from \`from\` to \`to\` (else QUERY_TOO_COSTLY).` : '';
  Field(timeKind.graphqlType, { nullable: !maxDays, description: `Earliest ${timeName}, inclusive.${range}` })(argsType.prototype, 'from');
  Field(timeKind.graphqlType, { nullable: !maxDays, description: `Latest ${timeName}, inclusive.${range}` })(argsType.prototype, 'to');
  for (const [name, f] of filters) Field(f.kind.graphqlType, { nullable: true, description: `Exact match on ${name}: ${f.description}.` })(argsType.prototype, name);
  ArgsType()(argsType);

  let region: { key: string; join: string } | null | undefined;
  const rollup = spec.rollup;
  if (rollup && (!series || shape !== 'instant' || !maxDays)) {
    throw new Error(`dataset ${spec.id}: a rollup of hours needs a series key, an instant time and a cadence that bounds the range`);
  }

  /**
   * The rows of [from, to] matching `conditions` as partial figures: the rollup's whole hours (and not those stamped at
   * CST midnight when grouped by day or month), and the rows of the other hours, found hour by hour on the key.
   */
  function hoursAndRows(from: Date, to: Date, conditions: string[], asked: Measure[], byDay: boolean, bind: (v: unknown) => string): string {
    const split = splitHours(from, to, byDay);
    const seriesColumn = `t.${snake(series![0])}`;
    const time = `t.${snake(timeName)}`;
    const parts: string[] = [];
    if (split.whole) {
      const hours = [...conditions, `t.hour BETWEEN ${bind(split.whole.first)} AND ${bind(split.whole.last)}`];
      if (split.midnights.length) hours.push(`t.hour <> ALL(${bind(split.midnights)}::timestamptz[])`);
      const columns = asked.map((m) => rollup!.measures[m.name]).map((c) => ({ count: `t.${c.count}`, sum: `t.${c.sum}`, min: `t.${c.min}`, max: `t.${c.max}` }));
      parts.push(`SELECT ${seriesColumn}, t.hour AS at, ${partialColumns(`t.${rollup!.rows}`, columns)} FROM ${rollup!.table} t WHERE ${hours.join(' AND ')}`);
    }
    parts.push(
      `SELECT ${seriesColumn}, ${time} AS at, ${partialColumns('1', rowPartials(asked))} FROM ${spec.table} t ` +
        `JOIN unnest(${bind(split.boundary)}::timestamptz[]) b (hour) ON ${time} > b.hour - interval '1 hour' AND ${time} <= b.hour ` +
        `WHERE ${[...conditions, `${time} >= ${bind(from)}`, `${time} <= ${bind(to)}`].join(' AND ')}`,
    );
    return parts.join(' UNION ALL ');
  }

  async function aggregate(db: Queryable, access: Access, a: Record<string, any>, selected: Set<string>): Promise<Record<string, unknown>[]> {
    const groupedBy = [...new Set<string>(a.groupBy ?? [])].map((value) => keys.find((k) => k.value === value)!);
    const maxGroups = maxGroupsOf(a.maxGroups);
    checkAggregateRange(spec.id, a.from, a.to, maxDays);
    const scope = await access.readScope(dataset);
    if (a.regionCode) {
      await assertRegionExists(db, 'regionCode', a.regionCode);
      await access.assertRegion(dataset, a.regionCode);
    }
    region ??= regionKeyOf(spec);
    const params: unknown[] = [];
    const bind = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };

    // The conditions on a row (or a rollup's hour: the same series column): scope and region as in the list, filters, where.
    const shared: string[] = [];
    if (!scope.everywhere) shared.push(regionCondition(spec, (column) => regionScopeSql(scope, column, bind)) ?? 'false');
    if (a.regionCode) {
      const root = bind(a.regionCode);
      shared.push(regionCondition(spec, (column) => `${column} IN (SELECT code FROM region_subtree(${root}))`) ?? 'true');
    }
    const filtered = filters.filter(([name]) => a[name] !== null && a[name] !== undefined).map(([name]) => name);
    for (const name of filtered) shared.push(`t.${snake(name)} = ${bind(a[name])}`);
    const matching = where.compile(a.where, bind);
    if (matching) shared.push(matching);

    const asked: Measure[] = measures.filter((m) => selected.has(m.name));
    const time = `t.${snake(timeName)}`;
    // A rollup's dataset has a bounded range: from and to are always given.
    const served =
      !!rollup &&
      filtered.every((name) => name === series![0]) &&
      [...whereFields(a.where)].every((name) => name === series![0]) &&
      asked.every((m) => rollup.measures[m.name]);
    const keyOn = (timeSql: string) =>
      groupedBy.map((k) => (k.value === 'REGION' ? region!.key : k.bucket ? bucketSql(timeSql, shape, k.bucket) : `t.${snake(k.name)}`));
    const regionJoin = groupedBy.some((k) => k.value === 'REGION') ? region!.join : '';
    const limit = () => bind(maxGroups + 1);
    let sql: string;
    if (served) {
      sql = groupedSql({ from: `(${hoursAndRows(a.from, a.to, shared, asked, groupedBy.some((k) => k.bucket), bind)}) t${regionJoin}`, where: [], keys: keyOn('t.at'), figures: partialFigures(asked, 't'), limit: limit() });
    } else {
      const conditions = [...shared];
      if (a.from !== null && a.from !== undefined) conditions.push(`${time} >= ${bind(a.from)}`);
      if (a.to !== null && a.to !== undefined) conditions.push(`${time} <= ${bind(a.to)}`);
      sql = groupedSql({ from: `${spec.table} t${regionJoin}`, where: conditions, keys: keyOn(time), figures: rowFigures(asked), limit: limit() });
    }
    const rows: Record<string, unknown>[] = await db.query(sql, params);
    if (rows.length > maxGroups) throw tooManyGroups(spec.id, maxGroups);
    const groups = groupsOf(rows, groupedBy, keys.map((k) => k.name), asked);
    access.recordRead(spec.id, groups.reduce((n, g) => n + (g.count as number), 0));
    return groups;
  }

  const resolver = namedClass(`${spec.typeName}AggregateResolver`);
  const proto = resolver.prototype as Record<string, unknown>;
  proto.aggregate = (a: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => aggregate(ctx.services.db, ctx.access, a, selectedFields(info));
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'aggregate')!;
  const readers = spec.owner === Department.COMMAND_CENTER ? 'COMMAND_CENTER keys' : `${spec.owner} and COMMAND_CENTER keys`;
  const rollupNote = rollup ? ` Whole hours are read from the dataset's hourly rollup when every figure asked for is in it (${Object.keys(rollup.measures).join(', ')}) and the filters name only ${series![0]}: the same figures as from the rows (a sum or mean may differ in its last digits, floating-point additions made in another order).` : '';
  Query(() => [group], {
    name: `${spec.query}Aggregate`,
    description:
      `${spec.title}, aggregated: the rows \`${spec.query}\` returns for the same filters, in groups (\`groupBy\`) with their count and ` +
      `each numeric field's figures. ${AGGREGATE_NOTE} Readable by ${readers}, and by other departments through a sharing grant ` +
      `(a region-limited grant aggregates the rows of its regions only); the rows aggregated are audited as read.${rollupNote}`,
  })(proto, 'aggregate', descriptor);
  Args(() => argsType)(proto, 'aggregate', 0);
  Ctx()(proto, 'aggregate', 1);
  Info()(proto, 'aggregate', 2);
  Resolver()(resolver);
  return resolver;
}
