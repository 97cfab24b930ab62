import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { ControlLevel } from '../../platform/enums';
import { Pollutant } from '../../indicators/pollutant.enum';
import { Connection, PageArgs } from '../../platform/pagination';
import { AirStation } from './air-station.entity';

@InputType({ description: 'An air station to create or replace, keyed by code.' })
export class AirStationInput {
  @Field({ description: 'Station code (national network code, e.g. `1431A`).' })
  code!: string;

  @Field({ description: 'Station name.' })
  name!: string;

  @Field({ description: 'Region the station stands in (any level).' })
  regionCode!: string;

  @Field(() => ControlLevel, { description: 'National, provincial or local control: which regions the station counts for.' })
  controlLevel!: ControlLevel;

  @Field(() => Float, { nullable: true, description: 'WGS 84, degrees; given together with longitude.' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84, degrees; given together with latitude.' })
  longitude?: number | null;

  @Field(() => [Pollutant], { nullable: true, description: 'Default: all six.' })
  monitoredPollutants?: Pollutant[] | null;
}

@ArgsType()
export class AirStationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Stations in this region or any of its sub-regions. No such region: NOT_FOUND.' })
  regionCode?: string | null;
}

export const AirStationConnection = Connection(AirStation);
