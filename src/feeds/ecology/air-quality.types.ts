import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { Connection, PageArgs } from '../../platform/pagination';
import { OrderByValue, orderInput } from '../../datasets/order-input';
import { WhereValue, whereInput } from '../../datasets/where-input';
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

/** The series (primary key, leading) of the stations whose `x.code` or `x.region_code` a condition selects, and of the regions reporting their own values. */
const stationSeries = (condition: string) => `SELECT 'S:' || x.code FROM air_stations x WHERE ${condition}`;
const regionSeries = (condition: string) => `SELECT 'R:' || x.code FROM regions x WHERE ${condition}`;

/**
 * Air quality rows by the hour (air_quality_hourly_observed_at_idx) and by series (the primary key, series then hour):
 * a station's code is its series key, `S:<code>`; a row's region is its station's, or the region reporting its own
 * value (`R:<code>`), so a region condition selects series from air_stations and regions by their indexes.
 */
export const AIR_QUALITY_WHERE = whereInput('AirQualityObservation', 'hourly air quality rows', [
  { name: 'observedAt', description: 'End of the averaging hour', sql: 'a.observed_at', graphqlType: () => DateTimeScalar, cast: 'timestamptz' },
  {
    name: 'stationCode',
    description: "The station's code; null when the row is a region's own reported value",
    sql: 'a.series_key',
    graphqlType: () => String,
    cast: 'text',
    condition: (c) => {
      if (c.op === 'isNull') return `a.series_key IN (${c.value ? regionSeries('TRUE') : stationSeries('TRUE')})`;
      if (c.op === 'in') return `a.series_key = ANY(ARRAY(SELECT 'S:' || v FROM unnest(${c.bound}) v))`;
      return `a.series_key = 'S:' || ${c.bound}`;
    },
  },
  {
    name: 'regionCode',
    description: "Region of the row: its station's region, or the region that reported the value itself; `within` takes its subtree. Every row has one (isNull: true matches none)",
    sql: 'a.series_key',
    graphqlType: () => String,
    cast: 'text',
    region: true,
    condition: (c) =>
      c.op === 'isNull' ? (c.value ? 'FALSE' : 'TRUE') : `a.series_key IN (${stationSeries(c.on('x.region_code'))} UNION ALL ${regionSeries(c.on('x.code'))})`,
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

  @Field(() => AIR_QUALITY_WHERE.type, { nullable: true, description: "Only the rows that match, with the other filters (all hold together) and within the caller's grant." })
  where?: WhereValue | null;
}

export const AirQualityObservationConnection = Connection(AirQualityObservation);
