import { ArgsType, Field, Float, InputType } from 'type-graphql';
import { Connection } from '../../platform/pagination';
import { DateTimeScalar } from '../../platform/scalars';
import { AirQualityObservation } from './air-quality.entity';
import { PageArgs } from './air-station.types';

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
}

export const AirQualityObservationConnection = Connection(AirQualityObservation);
