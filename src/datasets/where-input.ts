import { ClassType, Field, InputType } from 'type-graphql';
import type { ReturnTypeFunc } from 'type-graphql/build/typings/decorators/types';
import { GraphQLScalarType } from 'graphql';
import { badUserInput } from '../platform/errors';
import { Bind } from '../platform/pagination';
import { namedClass } from './named-class';

/** A field a `where` may name: the SQL it compares, the GraphQL type of its values, and what it can be compared by. */
export interface FilterField {
  name: string;
  description: string;
  /** SQL of the column (or expression); with `condition`, the column of the list's rows the condition tests. */
  sql: string;
  graphqlType: ReturnTypeFunc;
  /** PostgreSQL type a bound value is cast to. */
  cast: string;
  /** The GraphQL name of an enum type (scalars are named by their type). */
  enumName?: string;
  /** A region code: `within` (the region and its subtree) besides exact codes. */
  region?: boolean;
  /** A field's former name, kept as a deprecated alias: the reason the schema gives. */
  deprecationReason?: string;
  /**
   * Writes the field's comparisons itself, for a value the row does not store as it is compared: the region of a
   * reading's site, a station code kept inside a series key. Each form must be served by an index. Default: `on(sql)`.
   */
  condition?: (comparison: Comparison) => string;
}

/** One comparison of a where, as a field's `condition` receives it. */
export interface Comparison {
  /** eq, in, gt, gte, lt, lte, within or isNull. */
  op: string;
  /** The value as given: isNull's boolean, in's list. */
  value: unknown;
  /** The value bound, cast to the field's type (`$3::text`, `$4::text[]`; `$5` for within); null for isNull. */
  bound: string | null;
  /** The plain comparison on a column (the value bound once, however often it is written). */
  on(column: string): string;
}

/** At most this deep in `and`/`or`, this many conditions in all, this many values in an `in`: a where is a filter, not a program. */
export const MAX_WHERE_DEPTH = 4;
export const MAX_WHERE_CONDITIONS = 50;
export const MAX_IN_VALUES = 500;

/** Types whose values have an order (numbers, times, dates, months): they get gt/gte/lt/lte. */
const ORDERED = new Set(['Int', 'Float', 'Date', 'DateTime', 'Month']);

/** The GraphQL name of a field's type (a scalar, `String`, `Boolean`, or an enum registered with type-graphql). */
export function graphqlTypeName(type: ReturnTypeFunc, enumName?: string): string {
  const t = type() as unknown;
  if (t instanceof GraphQLScalarType) return t.name;
  if (t === String) return 'String';
  if (t === Boolean) return 'Boolean';
  if (t === Number) return 'Float';
  if (enumName) return enumName;
  throw new Error('a filter field of an enum type needs its enum name');
}

/** The comparison inputs, one per value type (`FloatFilter`, `AlertLevelFilter`…), shared by every dataset. */
const COMPARISONS = new Map<string, ClassType>();

function comparisonInput(typeName: string, type: ReturnTypeFunc, region: boolean): { name: string; cls: ClassType } {
  const name = region ? 'RegionCodeFilter' : `${typeName}Filter`;
  let cls = COMPARISONS.get(name);
  if (cls) return { name, cls };
  cls = namedClass(name);
  const on = (field: string, t: ReturnTypeFunc, description: string) => Field(t, { nullable: true, description })(cls!.prototype, field);
  on('eq', type, 'Equal to this value.');
  on('in', () => [type()], `Equal to one of these values (at most ${MAX_IN_VALUES}).`);
  if (ORDERED.has(typeName)) {
    on('gt', type, 'Greater (later) than this value.');
    on('gte', type, 'Greater (later) than or equal to this value.');
    on('lt', type, 'Less (earlier) than this value.');
    on('lte', type, 'Less (earlier) than or equal to this value.');
  }
  if (region) on('within', type, 'This region or any region under it (its whole subtree), as the `regionCode` argument; an unknown code matches nothing.');
  on('isNull', () => Boolean, 'true: only rows where the field is null; false: only rows where it is set.');
  InputType(name, { description: region ? 'Conditions on a GB/T 2260 region code, all of which must hold.' : `Conditions on a ${typeName} value, all of which must hold.` })(cls);
  COMPARISONS.set(name, cls);
  return { name, cls };
}

const SQL_OPERATORS: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export interface WhereInput {
  /** The `<Type>Where` input type. */
  type: ClassType;
  /** The fields it offers (a spec checks each against the table's indexes). */
  fields: FilterField[];
  /** The SQL condition of a where (values bound), or null when it sets none; a where past the bounds is BAD_USER_INPUT. */
  compile(where: WhereValue | null | undefined, bind: Bind): string | null;
}

export type WhereValue = Record<string, unknown> & { and?: WhereValue[] | null; or?: WhereValue[] | null };

/**
 * A list's typed filter, `<typeName>Where`: a comparison input per field, and `and`/`or` lists of wheres; the fields
 * of one where must all hold. Compiled to parameterised SQL on the fields' own expressions: the caller's scope is
 * applied apart from it, so no where reaches rows outside the caller's grant. Reusable by any statement over the
 * same fields (lists, aggregates).
 */
export function whereInput(typeName: string, subject: string, fields: FilterField[]): WhereInput {
  const name = `${typeName}Where`;
  const type = namedClass(name);
  for (const f of fields) {
    const comparison = comparisonInput(graphqlTypeName(f.graphqlType, f.enumName), f.graphqlType, !!f.region);
    Field(() => comparison.cls, { nullable: true, description: `${f.description}.`, deprecationReason: f.deprecationReason })(type.prototype, f.name);
  }
  Field(() => [type], { nullable: true, description: `Every one of these wheres holds (at most ${MAX_WHERE_DEPTH} levels of and/or).` })(type.prototype, 'and');
  Field(() => [type], { nullable: true, description: 'At least one of these wheres holds; an empty list: none does.' })(type.prototype, 'or');
  InputType(name, {
    description: `Conditions on ${subject}: every field given must hold. Only indexed fields (and the exact-match filters of the list's arguments) can be named, so a where never scans the table; at most ${MAX_WHERE_CONDITIONS} conditions.`,
  })(type);
  const byName = new Map(fields.map((f) => [f.name, f]));

  function compile(where: WhereValue | null | undefined, bind: Bind): string | null {
    let conditions = 0;
    const refuse = (message: string) => badUserInput(`where: ${message}`, { argument: 'where' });
    const leaf = (f: FilterField, op: string, value: unknown): string => {
      if (++conditions > MAX_WHERE_CONDITIONS) throw refuse(`more than ${MAX_WHERE_CONDITIONS} conditions`);
      if (op === 'in' && (value as unknown[]).length > MAX_IN_VALUES) throw refuse(`${f.name}.in has more than ${MAX_IN_VALUES} values`);
      const bound = op === 'isNull' ? null : op === 'within' ? bind(value) : op === 'in' ? `${bind(value)}::${f.cast}[]` : `${bind(value)}::${f.cast}`;
      const on = (column: string): string => {
        if (op === 'isNull') return `${column} IS ${value ? '' : 'NOT '}NULL`;
        if (op === 'in') return (value as unknown[]).length ? `${column} = ANY(${bound})` : 'FALSE';
        if (op === 'within') return `${column} IN (SELECT code FROM region_subtree(${bound}))`;
        return `${column} ${SQL_OPERATORS[op]} ${bound}`;
      };
      return f.condition ? f.condition({ op, value, bound, on }) : on(f.sql);
    };
    const node = (w: WhereValue, depth: number): string => {
      if (depth > MAX_WHERE_DEPTH) throw refuse(`and/or nested more than ${MAX_WHERE_DEPTH} deep`);
      const parts: string[] = [];
      for (const [key, value] of Object.entries(w)) {
        if (value === null || value === undefined) continue;
        if (key === 'and' || key === 'or') {
          const branches = (value as WhereValue[]).map((b) => node(b, depth + 1));
          parts.push(key === 'and' ? (branches.length ? `(${branches.join(' AND ')})` : 'TRUE') : branches.length ? `(${branches.join(' OR ')})` : 'FALSE');
          continue;
        }
        const f = byName.get(key)!;
        for (const [op, v] of Object.entries(value as Record<string, unknown>)) if (v !== null && v !== undefined) parts.push(leaf(f, op, v));
      }
      return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
    };
    if (!where) return null;
    const sql = node(where, 0);
    return sql === 'TRUE' ? null : sql;
  }
  return { type, fields, compile };
}
