import { ArgsType, Field, Float, InputType, Int } from 'type-graphql';
import { Connection, PageArgs } from '../../platform/pagination';
import { WhereValue, whereInput } from '../../datasets/where-input';
import { CityTarget, TargetPeriodKind } from './city-target.entity';

@InputType({ description: 'Targets of a region for a period, keyed by region × period kind × period.' })
export class CityTargetInput {
  @Field({ description: 'GB/T 2260 code of the region the targets are set for.' }) regionCode!: string;
  @Field(() => TargetPeriodKind, { description: 'Month, year or autumn-winter campaign.' }) periodKind!: TargetPeriodKind;
  @Field({ description: '"YYYY-MM" (MONTH), "YYYY" (YEAR), "YYYY-YYYY" (CAMPAIGN: 1 Oct of the first year to 31 Mar of the second).' })
  period!: string;
  @Field(() => Float, { nullable: true, description: 'µg/m³' }) pm25Target?: number | null;
  @Field(() => Float, { nullable: true, description: '%' }) goodDayRatioTarget?: number | null;
  @Field(() => Int, { nullable: true, description: 'Days with AQI > 200 not to exceed, 0–366.' }) heavyDaysTarget?: number | null;
  @Field(() => Float, { nullable: true, description: '%' }) pm25DecreaseTarget?: number | null;
  @Field(() => Int, { nullable: true, description: 'Base year of the decrease target, 1980 to the year before the period; omitted: year on year.' }) baseYear?: number | null;
  @Field(() => Float, { nullable: true, description: 'µg/m³' }) basePm25?: number | null;
}

/** The column that leads an index of `city_targets`: the region (its primary key is region, period kind, period). */
export const CITY_TARGET_WHERE = whereInput('CityTarget', 'city targets', [
  {
    name: 'regionCode',
    description: 'Region the targets are set for: a region code; `within` takes its subtree',
    sql: 't.region_code',
    graphqlType: () => String,
    cast: 'text',
    region: true,
  },
]);

@ArgsType()
export class CityTargetsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Targets of this region and its sub-regions. No such region: NOT_FOUND.' })
  regionCode?: string | null;

  @Field(() => TargetPeriodKind, { nullable: true, description: 'Only targets of this period kind.' })
  periodKind?: TargetPeriodKind | null;

  @Field(() => CITY_TARGET_WHERE.type, { nullable: true, description: "Only the targets that match, with the other filters (all hold together) and within the caller's grant." })
  where?: WhereValue | null;
}

export const CityTargetConnection = Connection(CityTarget);
