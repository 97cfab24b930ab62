import { ClassType, Field, Float, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import type { ReturnTypeFunc } from 'type-graphql/build/typings/decorators/types';
import { DEFAULT_GROUPS, MAX_GROUPS, TimeBucket } from './aggregate-sql';
import { namedClass } from './named-class';

/**
 * The GraphQL side of the aggregates, written once: the figures of a numeric field, a dataset's `<Type>GroupBy`
 * enum and `<Type>Group` type built from its keys and numeric fields, and the arguments every aggregate shares.
 */

@ObjectType({ description: 'Plain arithmetic over the values a numeric field takes in a group of rows; rows where it is null are left out.' })
export class NumericStats {
  @Field(() => Int, { description: 'Rows of the group where the field is set.' })
  count!: number;

  @Field(() => Float, { nullable: true, description: 'Smallest value; null when no row sets it.' })
  min!: number | null;

  @Field(() => Float, { nullable: true, description: 'Largest value; null when no row sets it.' })
  max!: number | null;

  @Field(() => Float, { nullable: true, description: 'Arithmetic mean of the values (their sum over their count), unweighted; null when no row sets it.' })
  mean!: number | null;
}

@ObjectType({
  description:
    'Plain arithmetic over the values of a field that adds up across rows (a count of things, or an amount: energy, money, area, hours, distance, precipitation); rows where it is null are left out.',
})
export class AmountStats extends NumericStats {
  @Field(() => Float, { nullable: true, description: 'Sum of the values; null when no row sets it.' })
  sum!: number | null;
}

/** What every aggregate's description says: what it is, and where the standards' statistics are. */
export const AGGREGATE_NOTE =
  'Plain arithmetic over the rows (count, min, max, mean, and the sum of the fields that add up), with no validity rule: ' +
  "not the Chinese standards' statistics. AQI and the HJ 663 daily and period statistics, with their validity rules, are the " +
  'indicator queries: `stationAqi` and `cityHourlyAqi` (hourly AQI), `cityDailyAqi` (daily AQI and concentrations), ' +
  "`cityPeriodIndicators` (a period's valid days, means and percentiles).";

/** A key rows can be grouped by: the `<Type>GroupBy` value, and the group's field that holds it. */
export interface GroupKey {
  /** `REGION`, `STATION` (or the series' own name: `SITE`, `SEGMENT`…), `DAY`, `MONTH`. */
  value: string;
  /** The group field holding the key (`regionCode`, `stationCode`, `day`, `month`). */
  name: string;
  type: ReturnTypeFunc;
  /** The enum value's description: what grouping by it means. */
  groupBy: string;
  /** The group field's description. */
  description: string;
  /** A time bucket (its values come back as `Date` or `Month`). */
  bucket?: TimeBucket;
}

/** A numeric field of the rows: its figures in each group. */
export interface MeasureField {
  name: string;
  description: string;
  additive: boolean;
}

/**
 * A dataset's `<typeName>GroupBy` enum and `<typeName>Group` type: the keys (each null unless grouped by), `count`,
 * and per numeric field its `NumericStats`, or `AmountStats` with a sum for a field that adds up.
 */
export function groupTypes(typeName: string, subject: string, keys: GroupKey[], measures: MeasureField[]): { groupBy: object; group: ClassType } {
  const clash = measures.find((m) => m.name === 'count' || keys.some((k) => k.name === m.name));
  if (clash) throw new Error(`${typeName}: the numeric field ${clash.name} would hide a field of its group`);
  const groupBy = Object.fromEntries(keys.map((k) => [k.value, k.value]));
  registerEnumType(groupBy, {
    name: `${typeName}GroupBy`,
    description: `A key ${subject} can be grouped by; several together group by each combination.`,
    valuesConfig: Object.fromEntries(keys.map((k) => [k.value, { description: k.groupBy }])),
  });
  const group = namedClass(`${typeName}Group`);
  for (const k of keys) Field(k.type, { nullable: true, description: k.description })(group.prototype, k.name);
  Field(() => Int, { description: 'Rows in the group.' })(group.prototype, 'count');
  for (const m of measures) {
    Field(() => (m.additive ? AmountStats : NumericStats), { description: m.description })(group.prototype, m.name);
  }
  ObjectType(`${typeName}Group`, { description: `A group of ${subject}: its keys, its row count and the figures of each numeric field.` })(group);
  return { groupBy, group };
}

/** Adds the arguments every aggregate takes: `groupBy` and `maxGroups`. */
export function decorateAggregateArgs(args: ClassType, groupBy: object, subject: string): void {
  Field(() => [groupBy], {
    nullable: true,
    description: `Group ${subject} by these keys (each combination of their values is a group, in the order of the keys); none: one group of every row matching.`,
  })(args.prototype, 'groupBy');
  Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_GROUPS,
    description: `At most this many groups (1 … ${MAX_GROUPS.toLocaleString('en')}); an aggregate with more is refused with QUERY_TOO_COSTLY, never cut short. Each group counts toward the query's cost like a node of a page.`,
  })(args.prototype, 'maxGroups');
}

