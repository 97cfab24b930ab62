import { Arg, Args, ArgsType, Ctx, Field, Float, Int, Mutation, Query, Resolver, registerEnumType } from 'type-graphql';
import { ObjectType } from '../../platform/object-type';
import { Context } from '../../platform/context.type';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../../ingest/ingest-report';
import { unknownRegion } from '../../regions/region.queries';
import { DateScalar } from '../../platform/scalars';
import { ErrorCode, hubError } from '../../platform/errors';
import { editionForPeriod } from '../../indicators/math/editions';
import { periodIndicatorsOf } from '../../indicators/indicator.service';
import { StandardEdition } from '../../indicators/indicator.types';
import { periodRange, shiftPeriod, targetProgress } from '../../indicators/math/target-progress';
import type * as progress from '../../indicators/math/target-progress';
import { TargetPeriodKind } from './city-target.entity';
import { cityTargetFeed, periodStartYear } from './city-target.feed';
import { CityTargetConnection, CityTargetInput, CityTargetsArgs } from './city-target.types';

/** The GraphQL enum of math/target-progress.ts's TargetIndicator, checked against it. */
export const TargetIndicator = {
  PM25: 'PM25',
  GOOD_DAY_RATIO: 'GOOD_DAY_RATIO',
  HEAVY_DAYS: 'HEAVY_DAYS',
  PM25_DECREASE: 'PM25_DECREASE',
} as const satisfies { [K in progress.TargetIndicator]: K };
registerEnumType(TargetIndicator, {
  name: 'TargetIndicator',
  description: 'Which target a progress line compares.',
  valuesConfig: {
    PM25: { description: 'PM2.5 mean of the period, µg/m³ (met when ≤ target)' },
    GOOD_DAY_RATIO: { description: 'Good-day ratio, % (met when ≥ target)' },
    HEAVY_DAYS: { description: 'Days with AQI > 200 (met when ≤ target)' },
    PM25_DECREASE: { description: 'PM2.5 decrease against the base year or the same period a year earlier, % (met when ≥ target)' },
  },
});

@ObjectType({ description: 'One target beside its actual value. margin > 0: better than the target.' })
class TargetLine implements progress.TargetLine {
  @Field(() => TargetIndicator, { description: 'Which target; its unit is that of the indicator.' }) indicator!: progress.TargetIndicator;
  @Field(() => Float, { description: 'The target value.' }) target!: number;
  @Field(() => Float, { nullable: true, description: 'The actual value over the period (docs/indicators.md §3); null when the period has no data for it.' })
  actual!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Null when the period has no data for it.' }) met!: boolean | null;
  @Field(() => Float, { nullable: true, description: 'How far the actual is better than the target (negative: worse); null with no actual.' })
  margin!: number | null;
}

@ObjectType({ description: "A region's progress against its targets for a period." })
class TargetProgress {
  @Field({ description: 'GB/T 2260 code of the region.' }) regionCode!: string;
  @Field(() => TargetPeriodKind, { description: 'Month, year or autumn-winter campaign.' }) periodKind!: TargetPeriodKind;
  @Field({ description: '"YYYY-MM", "YYYY" or "YYYY-YYYY" by periodKind.' }) period!: string;
  @Field(() => DateScalar, { description: 'First day of the period (CST).' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day of the period (CST).' }) to!: string;
  @Field(() => StandardEdition, { description: 'Rules of the period\'s last day, applied to the baseline too.' })
  standard!: StandardEdition;
  @Field(() => Boolean, { nullable: true, description: 'Month or year completeness (HJ 663); null for a campaign.' })
  complete!: boolean | null;
  @Field(() => Int, { description: 'Days of the period with any hourly data.' }) daysWithData!: number;
  @Field(() => String, { nullable: true, description: 'The period the PM2.5 decrease is measured from.' })
  baselinePeriod!: string | null;
  @Field(() => Float, { nullable: true, description: "Baseline PM2.5, µg/m³: the plan's stated base value, else computed." })
  baselinePm25!: number | null;
  @Field(() => [TargetLine], { description: 'One line per target the region has for the period.' }) lines!: TargetLine[];
}

@ArgsType()
class TargetPeriodArgs {
  @Field({ description: 'No such region: NOT_FOUND.' }) regionCode!: string;
  @Field(() => TargetPeriodKind, { description: 'Month, year or autumn-winter campaign.' }) periodKind!: TargetPeriodKind;
  @Field({ description: '"YYYY-MM" (MONTH), "YYYY" (YEAR) or "YYYY-YYYY" (CAMPAIGN); must fit periodKind. No target for it: NOT_FOUND.' }) period!: string;
}

@Resolver()
export class CityTargetResolver {
  @Mutation(() => IngestReport, { description: 'Create or replace targets by region × period. COMMAND_CENTER publishers only.' })
  upsertCityTargets(@Arg('input', () => [CityTargetInput], { description: PUBLISH_INPUT_DESCRIPTION }) input: CityTargetInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.access, cityTargetFeed, input);
  }

  @Query(() => CityTargetConnection, { description: 'Targets by region, period kind and period.' })
  cityTargets(@Args() args: CityTargetsArgs, @Ctx() ctx: Context) {
    return ctx.services.cityTargets.list(args, ctx.access);
  }

  @Query(() => TargetProgress, { description: 'Actual against each target of a region for a period.' })
  async targetProgress(@Args() { regionCode, periodKind, period }: TargetPeriodArgs, @Ctx() ctx: Context): Promise<TargetProgress> {
    const startYear = periodStartYear(periodKind, period);
    if (startYear === undefined) throw hubError(ErrorCode.BAD_USER_INPUT, `period ${period} does not fit ${periodKind}`);
    if (!(await ctx.loaders.regionByCode.load(regionCode))) throw unknownRegion('regionCode', regionCode);
    const target = await ctx.services.cityTargets.find(ctx.access, regionCode, periodKind, period);
    if (!target) throw hubError(ErrorCode.NOT_FOUND, `no ${periodKind} target ${period} for region ${regionCode}`);

    const { from, to } = periodRange(periodKind, period);
    const edition = editionForPeriod(to);
    const [days, stations] = await Promise.all([
      ctx.loaders.regionDays.load({ regionCode, from, to }),
      ctx.loaders.evaluationStations.load(regionCode),
    ]);
    const actual = periodIndicatorsOf(days, from, to, stations);

    let baselinePeriod: string | null = null;
    let baselinePm25 = target.basePm25;
    if (target.pm25DecreaseTarget !== null) {
      baselinePeriod = shiftPeriod(periodKind, period, target.baseYear ? startYear - target.baseYear : 1);
      if (baselinePm25 === null) {
        const base = periodRange(periodKind, baselinePeriod);
        const baseDays = await ctx.loaders.regionDays.load({ regionCode, ...base });
        baselinePm25 = periodIndicatorsOf(baseDays, base.from, base.to, stations, edition).pm25;
      }
    }
    return {
      regionCode,
      periodKind,
      period,
      from,
      to,
      standard: actual.standard,
      complete: actual.complete,
      daysWithData: actual.daysWithData,
      baselinePeriod,
      baselinePm25,
      lines: targetProgress(target, actual, baselinePm25),
    };
  }
}
