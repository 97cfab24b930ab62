import { requireDataset } from '../catalog/registry';
import { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { Region } from '../regions/region.entity';
import { unknownRegion } from '../regions/region.queries';
import { renamedTo } from '../platform/deprecation';
import { selectedFields } from '../platform/selection';
import { ErrorCode, hubError } from '../platform/errors';
import {
  MAX_DAILY_RANGE_DAYS,
  MAX_PERIOD_RANGE_DAYS,
  checkDateRange,
  checkTimeRange,
  dailyAqiSeries,
  dayOfStamp,
  hourlyAqiSeries,
  hoursFromDays,
  periodIndicatorsFromSummaries,
  periodIndicatorsOf,
} from './indicator.service';
import {
  DailyAqi,
  DailyExplain,
  DateRangeArgs,
  HourlyAqi,
  PeriodIndicators,
  RegionDateRangeArgs,
  RegionTimeRangeArgs,
  StationTimeRangeArgs,
  TimeRangeArgs,
} from './indicator.types';
import { HOUR_MS } from './math/time';
import { HOURLY, MonitoredStation, stationHourly } from './station-hourly';
import { Parent } from '../platform/parent';

const AIR_QUALITY = 'air-quality-hourly';

async function regionOrFail(ctx: Context, code: string): Promise<Region> {
  const region = await ctx.loaders.regionByCode.load(code);
  if (!region) throw unknownRegion('regionCode', code);
  return region;
}

async function stationOrFail(ctx: Context, code: string): Promise<MonitoredStation> {
  const station = await ctx.loaders.stationByCode.load(code);
  if (!station) throw hubError(ErrorCode.NOT_FOUND, `no air station ${code}`);
  return station;
}

async function regionHourly(ctx: Context, regionCode: string, from: Date, to: Date): Promise<HourlyAqi[]> {
  checkTimeRange(from, to);
  const days = await ctx.loaders.regionDays.load({
    regionCode,
    from: dayOfStamp(new Date(from.getTime() - 23 * HOUR_MS)),
    to: dayOfStamp(to),
  });
  return hourlyAqiSeries(hoursFromDays(days), from, to);
}

/**
 * A region's evaluation stations when the answer shows them, else none: a statement of their own that most answers
 * (the figures alone) do not need.
 */
function evaluationStationsIfShown(ctx: Context, regionCode: string, shown: boolean): Promise<string[]> {
  return shown ? ctx.loaders.evaluationStations.load(regionCode) : Promise.resolve([]);
}

async function regionDaily(ctx: Context, regionCode: string, from: string, to: string, info: GraphQLResolveInfo): Promise<DailyAqi[]> {
  checkDateRange(from, to, MAX_DAILY_RANGE_DAYS);
  const [days, stations] = await Promise.all([
    ctx.loaders.regionDays.load({ regionCode, from, to }),
    evaluationStationsIfShown(ctx, regionCode, selectedFields(info).has('explain')),
  ]);
  return dailyAqiSeries(days, from, to, stations);
}


@Resolver()
export class IndicatorResolver {
  @Query(() => [HourlyAqi], { description: `${HOURLY} From the station's own hours.` })
  async stationAqi(@Args() { stationCode, from, to }: StationTimeRangeArgs, @Ctx() ctx: Context) {
    return stationHourly(ctx, await stationOrFail(ctx, stationCode), from, to);
  }

  @Query(() => [HourlyAqi], {
    description: `${HOURLY} A region's hourly value: its own reported value, else the mean of its evaluation stations (a province: of its cities).`,
  })
  async cityHourlyAqi(@Args() { regionCode, from, to }: RegionTimeRangeArgs, @Ctx() ctx: Context) {
    await regionOrFail(ctx, regionCode);
    return regionHourly(ctx, regionCode, from, to);
  }

  @Query(() => [DailyAqi], { description: 'Daily AQI of every day of [from, to] (inclusive, at most 366 days), from the region\'s hourly series.' })
  async cityDailyAqi(@Args() { regionCode, from, to }: RegionDateRangeArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    await regionOrFail(ctx, regionCode);
    return regionDaily(ctx, regionCode, from, to, info);
  }

  @Query(() => PeriodIndicators, { description: 'HJ 663 period indicators of a region over [from, to] (inclusive, at most 3 years).' })
  async cityPeriodIndicators(@Args() { regionCode, from, to }: RegionDateRangeArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    try {
      checkDateRange(from, to, MAX_PERIOD_RANGE_DAYS);
    } catch (error) {
      // An unknown region is the first thing to say.
      await regionOrFail(ctx, regionCode);
      throw error;
    }
    // The region's existence comes with its days, in one statement; the grant is checked before anything is answered.
    const [summaries, stations] = await Promise.all([
      ctx.services.indicators.daySummaries(regionCode, from, to),
      evaluationStationsIfShown(ctx, regionCode, [...selectedFields(info)].some((f) => f === 'evaluationStationCodes' || f === 'evaluationStations')),
    ]);
    if (!summaries) throw unknownRegion('regionCode', regionCode);
    await ctx.access.assertRegion(requireDataset(AIR_QUALITY), regionCode);
    ctx.access.recordRead(AIR_QUALITY, summaries.length);
    const fromStoredDays = periodIndicatorsFromSummaries(summaries, from, to, stations);
    if (fromStoredDays) return fromStoredDays;
    // A range straddling the edition change: recompute its days from their hours under the later rules.
    return periodIndicatorsOf(await ctx.loaders.regionDays.load({ regionCode, from, to }), from, to, stations);
  }
}

const EVALUATION_STATIONS = {
  description: 'Codes of the evaluation stations: the former name of `evaluationStationCodes`.',
  deprecationReason: renamedTo('evaluationStationCodes'),
};

/** The former name of `DailyExplain.evaluationStationCodes`, answered for one more release. */
@Resolver(() => DailyExplain)
export class DailyExplainFormerNameResolver {
  @FieldResolver(() => [String], EVALUATION_STATIONS)
  evaluationStations(@Parent() explain: DailyExplain): string[] {
    return explain.evaluationStationCodes;
  }
}

/** The former name of `PeriodIndicators.evaluationStationCodes`, answered for one more release. */
@Resolver(() => PeriodIndicators)
export class PeriodIndicatorsFormerNameResolver {
  @FieldResolver(() => [String], EVALUATION_STATIONS)
  evaluationStations(@Parent() indicators: PeriodIndicators): string[] {
    return indicators.evaluationStationCodes;
  }
}

@Resolver(() => Region)
export class RegionIndicatorResolver {
  @FieldResolver(() => [HourlyAqi], { description: HOURLY })
  hourlyAqi(@Parent() region: Region, @Args() { from, to }: TimeRangeArgs, @Ctx() ctx: Context) {
    return regionHourly(ctx, region.code, from, to);
  }

  @FieldResolver(() => [DailyAqi], { description: 'Daily AQI of every day of [from, to].' })
  dailyAqi(@Parent() region: Region, @Args() { from, to }: DateRangeArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return regionDaily(ctx, region.code, from, to, info);
  }
}
