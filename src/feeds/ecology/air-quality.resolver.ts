import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../../platform/context.type';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../../ingest/ingest-report';
import { AirQualityObservation } from './air-quality.entity';
import { airQualityFeed } from './air-quality.feed';
import { AirQualityInput, AirQualityObservationConnection, AirQualityObservationsArgs } from './air-quality.types';

@Resolver(() => AirQualityObservation)
export class AirQualityResolver {
  @Query(() => AirQualityObservationConnection, { description: 'Hourly rows, by series then time.' })
  airQualityObservations(@Args() args: AirQualityObservationsArgs, @Ctx() ctx: Context) {
    return ctx.services.airQuality.list(args, ctx.access);
  }

  @Mutation(() => IngestReport, {
    description: 'Publish hourly air quality (at most 10,000 rows a call; idempotent by station/region × hour). ECOLOGY publishers only.',
  })
  ingestAirQuality(@Arg('input', () => [AirQualityInput], { description: PUBLISH_INPUT_DESCRIPTION }) input: AirQualityInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.access, airQualityFeed, input);
  }
}
