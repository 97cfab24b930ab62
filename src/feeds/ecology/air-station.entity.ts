import { Directive, Field, Float } from 'type-graphql';
import { ObjectType } from '../../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ControlLevel } from '../../platform/enums';
import { Pollutant } from '../../indicators/pollutant.enum';

/** An air-quality monitoring station. Published by ECOLOGY. */
@Directive('@key(fields: "code")')
@ObjectType({ description: 'An air-quality monitoring station (national network code, e.g. `1431A`).' })
@Entity('air_stations')
export class AirStation {
  @Field({ description: 'Station code (national network code, e.g. `1431A`).' })
  @PrimaryColumn('text')
  code!: string;

  @Field({ description: 'Station name.' })
  @Column('text')
  name!: string;

  @Column('text')
  regionCode!: string;

  @Field(() => ControlLevel, { description: 'National, provincial or local control: which regions the station counts for (docs/indicators.md §2).' })
  @Column('text')
  controlLevel!: ControlLevel;

  @Field(() => Float, { nullable: true, description: 'WGS 84 latitude, degrees.' })
  @Column('double precision', { nullable: true })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS 84 longitude, degrees.' })
  @Column('double precision', { nullable: true })
  longitude!: number | null;

  @Field(() => [Pollutant], {
    description: 'Pollutants the station monitors now. A value sent for any other pollutant is rejected.',
  })
  @Column('text', { array: true })
  monitoredPollutants!: Pollutant[];

  @Column('uuid')
  batchId!: string;
}
