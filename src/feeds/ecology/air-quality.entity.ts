import { Field, Float } from 'type-graphql';
import { ObjectType } from '../../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeScalar } from '../../platform/scalars';

/**
 * One hour of air quality at a station, or a region's own reported value for the hour.
 * `series_key` ('S:<station>' or 'R:<region>') is a generated column so both kinds share one natural key.
 */
@ObjectType({ description: 'Hourly air quality at a station, or a value a region reported itself.' })
@Entity('air_quality_hourly')
export class AirQualityObservation {
  @PrimaryColumn({
    type: 'text',
    generatedType: 'STORED',
    asExpression: "CASE WHEN station_code IS NOT NULL THEN 'S:' || station_code ELSE 'R:' || region_code END",
  })
  seriesKey!: string;

  @Field(() => String, { nullable: true, description: "The station's code; null when the row is a region's own reported value." })
  @Column('text', { nullable: true })
  stationCode!: string | null;

  @Field(() => String, { nullable: true, description: "Set when the row is the region's own reported value." })
  @Column('text', { nullable: true })
  regionCode!: string | null;

  @Field(() => DateTimeScalar, {
    description: 'END of the averaging hour: the value stamped 08:00 is the mean of 07:00–08:00.',
  })
  @PrimaryColumn('timestamptz')
  observedAt!: Date;

  @Field(() => Float, { nullable: true, description: 'PM2.5 1-hour mean, µg/m³.' })
  @Column('double precision', { nullable: true })
  pm25!: number | null;

  @Field(() => Float, { nullable: true, description: 'PM10 1-hour mean, µg/m³.' })
  @Column('double precision', { nullable: true })
  pm10!: number | null;

  @Field(() => Float, { nullable: true, description: 'SO2 1-hour mean, µg/m³.' })
  @Column('double precision', { nullable: true })
  so2!: number | null;

  @Field(() => Float, { nullable: true, description: 'NO2 1-hour mean, µg/m³.' })
  @Column('double precision', { nullable: true })
  no2!: number | null;

  @Field(() => Float, { nullable: true, description: 'O3 1-hour mean, µg/m³.' })
  @Column('double precision', { nullable: true })
  o3!: number | null;

  @Field(() => Float, { nullable: true, description: 'CO 1-hour mean, mg/m³.' })
  @Column('double precision', { nullable: true })
  co!: number | null;

  @Column('uuid')
  batchId!: string;
}
