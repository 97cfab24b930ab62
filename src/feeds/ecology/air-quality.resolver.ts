import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { selectedFields } from '../../platform/selection';
import { shownColumns } from '../../platform/db/shown-columns';
import { Context } from '../../platform/context.type';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../../ingest/ingest-report';
import { AIR_QUALITY_AGGREGATE_DESCRIPTION, AirQualityAggregateArgs, AirQualityObservationGroup, aggregateAirQuality } from './air-quality.aggregate';
import { AirQualityObservation } from './air-quality.entity';
import { airQualityFeed } from './air-quality.feed';
import { AirQualityInput, AirQualityObservationConnection, AirQualityObservationsArgs } from './air-quality.types';

@Resolver(() => AirQualityObservation)
export class AirQualityResolver {
  @Query(() => AirQualityObservationConnection, { description: 'Hourly rows, by series then time.' })
  airQualityObservations(@Args() args: AirQualityObservationsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.airQuality.list(args, ctx.access, shownColumns(ctx.services.db, AirQualityObservation, info));
  }

  @Query(() => [AirQualityObservationGroup], { description: AIR_QUALITY_AGGREGATE_DESCRIPTION })
  airQualityObservationsAggregate(@Args(() => AirQualityAggregateArgs) args: Record<string, unknown>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return aggregateAirQuality(ctx.services.db, ctx.access, args, selectedFields(info));
  }

  @Mutation(() => IngestReport, {
    description: 'Publish hourly air quality (at most 10,000 rows a call; idempotent by station/region × hour). ECOLOGY publishers only.',
  })
  ingestAirQuality(@Arg('input', () => [AirQualityInput], { description: PUBLISH_INPUT_DESCRIPTION }) input: AirQualityInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.access, airQualityFeed, input);
  }
}
