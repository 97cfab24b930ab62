import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { ControlLevel } from '../../platform/enums';
import { Pollutant } from '../../indicators/pollutant.enum';
import { Connection, PageArgs } from '../../platform/pagination';
import { WhereValue, whereInput } from '../../datasets/where-input';
import { OrderByValue, orderInput } from '../../datasets/order-input';
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

/** The columns that lead an index of `air_stations`: the code (primary key) and the region (air_stations_region_code_idx). */
export const AIR_STATION_WHERE = whereInput('AirStation', 'air stations', [
  { name: 'code', description: 'Station code (national network code, e.g. `1431A`)', sql: 's.code', graphqlType: () => String, cast: 'text' },
  {
    name: 'regionCode',
    description: 'Region the station stands in: a region code; `within` takes its subtree',
    sql: 's.region_code',
    graphqlType: () => String,
    cast: 'text',
    region: true,
  },
]);

/** Stations by code, or by region (air_stations_region_code_idx) then code. */
export const AIR_STATION_ORDER = orderInput(
  'AirStation',
  'air-stations',
  [
    { name: 'code', description: 'Station code.', sql: 's.code', part: 'text' },
    { name: 'regionCode', description: 'Region the station stands in, by code.', sql: 's.region_code', part: 'text' },
  ],
  [{ sql: 's.code', part: 'text' }],
);

@ArgsType()
export class AirStationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Stations in this region or any of its sub-regions. No such region: NOT_FOUND.' })
  regionCode?: string | null;

  @Field(() => AIR_STATION_WHERE.type, { nullable: true, description: "Only the stations that match, with regionCode (both hold) and within the caller's grant." })
  where?: WhereValue | null;

  @Field(() => [AIR_STATION_ORDER.type], { nullable: true, description: 'The order of the stations, completed by the code. Omitted: by code, ascending.' })
  orderBy?: OrderByValue[] | null;
}

export const AirStationConnection = Connection(AirStation);
