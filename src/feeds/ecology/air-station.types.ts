import { ArgsType, Field, Float, InputType, Int } from 'type-graphql';
import { ControlLevel } from '../../platform/enums';
import { Pollutant } from '../../indicators/pollutant.enum';
import { Connection } from '../../platform/pagination';
import { AirStation } from './air-station.entity';

@InputType({ description: 'An air station to create or replace, keyed by code.' })
export class AirStationInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Region the station stands in (any level).' })
  regionCode!: string;

  @Field(() => ControlLevel)
  controlLevel!: ControlLevel;

  @Field(() => Float, { nullable: true, description: 'WGS 84, degrees; given together with longitude.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84, degrees; given together with latitude.' })
  longitude?: number | null;

  @Field(() => [Pollutant], { nullable: true, description: 'Default: all six.' })
  monitoredPollutants?: Pollutant[] | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size: default 50, at most 1,000.' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class AirStationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Stations in this region or any of its sub-regions. No such region: NOT_FOUND.' })
  regionCode?: string | null;
}

export const AirStationConnection = Connection(AirStation);
