import { ArgsType, Field, Float, InputType, Int } from 'type-graphql';
import { Connection } from '../../platform/pagination';
import { PageArgs } from '../ecology/air-station.types';
import { CityTarget, TargetPeriodKind } from './city-target.entity';

@InputType({ description: 'Targets of a region for a period, keyed by region × period kind × period.' })
export class CityTargetInput {
  @Field() regionCode!: string;
  @Field(() => TargetPeriodKind) periodKind!: TargetPeriodKind;
  @Field({ description: '"YYYY-MM" (MONTH), "YYYY" (YEAR), "YYYY-YYYY" (CAMPAIGN: 1 Oct of the first year to 31 Mar of the second).' })
  period!: string;
  @Field(() => Float, { nullable: true, description: 'µg/m³' }) pm25Target?: number | null;
  @Field(() => Float, { nullable: true, description: '%' }) goodDayRatioTarget?: number | null;
  @Field(() => Int, { nullable: true }) heavyDaysTarget?: number | null;
  @Field(() => Float, { nullable: true, description: '%' }) pm25DecreaseTarget?: number | null;
  @Field(() => Int, { nullable: true }) baseYear?: number | null;
  @Field(() => Float, { nullable: true, description: 'µg/m³' }) basePm25?: number | null;
}

@ArgsType()
export class CityTargetsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Targets of this region and its sub-regions. No such region: NOT_FOUND.' })
  regionCode?: string | null;

  @Field(() => TargetPeriodKind, { nullable: true })
  periodKind?: TargetPeriodKind | null;
}

export const CityTargetConnection = Connection(CityTarget);
