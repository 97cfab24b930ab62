import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../../platform/context.type';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../../ingest/ingest-report';
import { TimeRangeArgs, HourlyAqi } from '../../indicators/indicator.types';
import { HOURLY, stationHourly } from '../../indicators/station-hourly';
import { Region } from '../../regions/region.entity';
import { AirStation } from './air-station.entity';
import { airStationFeed } from './air-station.feed';
import { AirStationConnection, AirStationInput, AirStationsArgs } from './air-station.types';
import { PageArgs } from '../../platform/pagination';
import { nodesSelect } from '../../platform/selection';
import { Parent } from '../../platform/parent';
import { resolvedFieldsRead, shownColumns } from '../../platform/db/shown-columns';

@Resolver(() => AirStation)
export class AirStationResolver {
  @Query(() => AirStationConnection, { description: 'Air stations by code; regionCode covers its whole subtree.' })
  airStations(@Args() args: AirStationsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const region = nodesSelect(info, 'region') ? ctx.loaders.regionJoined : undefined;
    return ctx.services.airStations.list(args, ctx.access, region, shownColumns(ctx.services.db, AirStation, info));
  }

  @Mutation(() => IngestReport, { description: 'Create or replace air stations by code. ECOLOGY publishers only.' })
  upsertAirStations(@Arg('input', () => [AirStationInput], { description: PUBLISH_INPUT_DESCRIPTION }) input: AirStationInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.access, airStationFeed, input);
  }

  @FieldResolver(() => Region, { description: 'The region the station stands in (any level).' })
  region(@Parent() station: AirStation, @Ctx() ctx: Context) {
    return ctx.loaders.findRegion(station.regionCode);
  }
}

@Resolver(() => Region)
export class RegionAirStationsResolver {
  @FieldResolver(() => AirStationConnection, { description: 'Stations in this region and its sub-regions.' })
  airStations(@Parent() region: Region, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return ctx.loaders.stationPageByRegion.load({ regionCode: region.code, ...page });
  }
}

resolvedFieldsRead(AirStation, { region: ['regionCode'], hourlyAqi: ['code', 'regionCode', 'monitoredPollutants'] });

/** The station's indicators, computed by src/indicators from its hours. */
@Resolver(() => AirStation)
export class AirStationIndicatorResolver {
  @FieldResolver(() => [HourlyAqi], { description: `${HOURLY} Batched: a page of stations costs one statement.` })
  hourlyAqi(@Parent() station: AirStation, @Args() { from, to }: TimeRangeArgs, @Ctx() ctx: Context) {
    return stationHourly(ctx, station, from, to);
  }
}
