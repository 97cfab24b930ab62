import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { Connection, PageArgs } from '../../platform/pagination';
import { OrderByValue, orderInput } from '../../datasets/order-input';
import { whereInput } from '../../datasets/where-input';
import { DateTimeScalar } from '../../platform/scalars';
import { AirQualityObservation } from './air-quality.entity';

@InputType({ description: 'One hour of air quality: exactly one of stationCode / regionCode. Missing pollutants: null.' })
export class AirQualityInput {
  @Field(() => String, { nullable: true, description: 'The air station measured (it must exist and monitor each pollutant sent).' })
  stationCode?: string | null;

  @Field(() => String, { nullable: true, description: "A region's own reported value for the hour." })
  regionCode?: string | null;

  @Field(() => DateTimeScalar, { description: 'END of the averaging hour, on the hour, not in the future.' })
  observedAt!: Date;

  @Field(() => Float, { nullable: true, description: 'µg/m³' })
  pm25?: number | null;

  @Field(() => Float, { nullable: true, description: 'µg/m³' })
  pm10?: number | null;

  @Field(() => Float, { nullable: true, description: 'µg/m³' })
  so2?: number | null;

  @Field(() => Float, { nullable: true, description: 'µg/m³' })
  no2?: number | null;

  @Field(() => Float, { nullable: true, description: 'µg/m³' })
  o3?: number | null;

  @Field(() => Float, { nullable: true, description: 'mg/m³ (not µg/m³)' })
  co?: number | null;
}

/** Hours ordered by time (air_quality_hourly's btree on observed_at), completed by the natural key (series, hour). */
export const AIR_QUALITY_ORDER = orderInput(
  'AirQualityObservation',
  'air-quality-hourly',
  [{ name: 'observedAt', description: 'End of the averaging hour.', sql: 'a.observed_at', part: 'instant', cast: 'timestamptz' }],
  [
    { sql: 'a.series_key', part: 'text' },
    { sql: 'a.observed_at', part: 'instant', cast: 'timestamptz' },
  ],
);

/** The region of a row (alias `a`): the region that reported it, or its station's. */
const AIR_QUALITY_ROW_REGION = 'coalesce(a.region_code, (SELECT st.region_code FROM air_stations st WHERE st.code = a.station_code))';

/** Conditions on hourly air quality rows (alias `a`): the hour, the station, the row's region. */
export const AIR_QUALITY_WHERE = whereInput('AirQualityObservation', 'hourly air quality rows', [
  { name: 'observedAt', description: 'End of the averaging hour', sql: 'a.observed_at', graphqlType: () => DateTimeScalar, cast: 'timestamptz' },
  { name: 'stationCode', description: "The station's code; null when the row is a region's own reported value", sql: 'a.station_code', graphqlType: () => String, cast: 'text' },
  {
    name: 'regionCode',
    description: "Region of the row: the region that reported the value itself, or its station's; `within` takes its subtree",
    sql: AIR_QUALITY_ROW_REGION,
    graphqlType: () => String,
    cast: 'text',
    region: true,
  },
]);

@ArgsType()
export class AirQualityObservationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Only this station's rows." })
  stationCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Rows of the stations in this region or its sub-regions, and those regions' own reported values. No such region: NOT_FOUND.",
  })
  regionCode?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive.' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive.' })
  to?: Date | null;

  @Field(() => [AIR_QUALITY_ORDER.type], {
    nullable: true,
    description: 'The order of the rows, completed by the series and the hour. Omitted: by series (stations, then regions\' own values), then hour. `[{ field: OBSERVED_AT, direction: DESC }]`: latest first.',
  })
  orderBy?: OrderByValue[] | null;
}

export const AirQualityObservationConnection = Connection(AirQualityObservation);
