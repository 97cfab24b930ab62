import { Field, Float, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PeriodKind } from '../../indicators/math/target-progress';

/** The GraphQL enum of math/target-progress.ts's PeriodKind, checked against it. */
export const TargetPeriodKind = {
  MONTH: 'MONTH',
  YEAR: 'YEAR',
  CAMPAIGN: 'CAMPAIGN',
} as const satisfies { [K in PeriodKind]: K };
export type TargetPeriodKind = PeriodKind;
registerEnumType(TargetPeriodKind, {
  name: 'TargetPeriodKind',
  description: 'The kind of period a target is set for, and the form of its `period` (days in CST).',
  valuesConfig: {
    MONTH: { description: 'period "YYYY-MM"' },
    YEAR: { description: 'period "YYYY"' },
    CAMPAIGN: { description: 'period "YYYY-YYYY": the autumn-winter campaign, 1 October of the first year to 31 March of the second' },
  },
});

/** A region's air-quality targets for a period. Published by COMMAND_CENTER. */
@ObjectType({ description: "A region's air-quality targets for a month, a year or an autumn-winter campaign." })
@Entity('city_targets')
export class CityTarget {
  @Field({ description: 'GB/T 2260 code of the region the targets are set for.' })
  @PrimaryColumn('text')
  regionCode!: string;

  @Field(() => TargetPeriodKind, { description: 'Month, year or autumn-winter campaign.' })
  @PrimaryColumn('text')
  periodKind!: TargetPeriodKind;

  @Field({ description: '"YYYY-MM", "YYYY" or "YYYY-YYYY" by periodKind.' })
  @PrimaryColumn('text')
  period!: string;

  @Field(() => Float, { nullable: true, description: 'PM2.5 mean not to exceed, µg/m³.' })
  @Column('double precision', { nullable: true })
  pm25Target!: number | null;

  @Field(() => Float, { nullable: true, description: 'Good-day ratio to reach, %.' })
  @Column('double precision', { nullable: true })
  goodDayRatioTarget!: number | null;

  @Field(() => Int, { nullable: true, description: 'Heavily polluted days (AQI > 200) not to exceed.' })
  @Column('int', { nullable: true })
  heavyDaysTarget!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'PM2.5 decrease to reach, %: against the base year when one is given, else year on year.',
  })
  @Column('double precision', { nullable: true })
  pm25DecreaseTarget!: number | null;

  @Field(() => Int, { nullable: true, description: 'Base year of the decrease target (e.g. 2015 for the Zigong plan).' })
  @Column('int', { nullable: true })
  baseYear!: number | null;

  @Field(() => Float, { nullable: true, description: 'PM2.5 of the base year, µg/m³, as the plan states it.' })
  @Column('double precision', { nullable: true })
  basePm25!: number | null;

  @Column('uuid')
  batchId!: string;
}
