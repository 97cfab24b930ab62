import { ArgsType, Field, Float, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Pollutant } from './pollutant.enum';
import { DateScalar, DateTimeScalar } from '../platform/scalars';
import { AQI_LEVELS } from './math/levels';

export enum AqiLevel {
  EXCELLENT = 'EXCELLENT',
  GOOD = 'GOOD',
  LIGHTLY_POLLUTED = 'LIGHTLY_POLLUTED',
  MODERATELY_POLLUTED = 'MODERATELY_POLLUTED',
  HEAVILY_POLLUTED = 'HEAVILY_POLLUTED',
  SEVERELY_POLLUTED = 'SEVERELY_POLLUTED',
}
registerEnumType(AqiLevel, {
  name: 'AqiLevel',
  description: 'AQI level of HJ 633 (both editions).',
  valuesConfig: Object.fromEntries(
    AQI_LEVELS.map((l) => [
      l.level,
      { description: `${l.nameZh} ${l.nameEn} (${l.grade}, AQI ${l.minAqi}${l.maxAqi === null ? '+' : `–${l.maxAqi}`}, ${l.colour})` },
    ]),
  ),
});

export enum StandardEdition {
  HJ_633_2012 = 'HJ_633_2012',
  HJ_633_2026 = 'HJ_633_2026',
}
registerEnumType(StandardEdition, {
  name: 'StandardEdition',
  description: 'The rules a figure was computed under.',
  valuesConfig: {
    HJ_633_2012: { description: 'HJ 633—2012, HJ 663—2013, GB 3095—2012: data before 2026-03-01.' },
    HJ_633_2026: { description: 'HJ 633—2026, HJ 663—2026, GB 3095—2026 (transitional limits): data from 2026-03-01.' },
  },
});

@ObjectType({ description: 'Individual AQI of each pollutant present (HJ 633); null when missing.' })
export class Iaqi {
  @Field(() => Int, { nullable: true, description: 'IAQI of PM2.5.' }) pm25!: number | null;
  @Field(() => Int, { nullable: true, description: 'IAQI of PM10.' }) pm10!: number | null;
  @Field(() => Int, { nullable: true, description: 'IAQI of SO2.' }) so2!: number | null;
  @Field(() => Int, { nullable: true, description: 'IAQI of NO2.' }) no2!: number | null;
  @Field(() => Int, { nullable: true, description: 'IAQI of CO.' }) co!: number | null;
  @Field(() => Int, { nullable: true, description: 'IAQI of O3; 2012 daily: the larger of the O3 1-hour-max and MDA8 IAQIs.' })
  o3!: number | null;
}

@ObjectType({ description: 'The 1-hour values an hourly AQI was computed from (µg/m³; CO mg/m³).' })
export class HourlyConcentrations {
  @Field(() => Float, { nullable: true, description: 'PM2.5 1-hour value, µg/m³; null when missing.' }) pm25!: number | null;
  @Field(() => Float, { nullable: true, description: 'PM10 1-hour value, µg/m³; null when missing.' }) pm10!: number | null;
  @Field(() => Float, { nullable: true, description: 'SO2 1-hour value, µg/m³; null when missing.' }) so2!: number | null;
  @Field(() => Float, { nullable: true, description: 'NO2 1-hour value, µg/m³; null when missing.' }) no2!: number | null;
  @Field(() => Float, { nullable: true, description: 'O3 1-hour value, µg/m³; null when missing.' }) o3!: number | null;
  @Field(() => Float, { nullable: true, description: 'CO 1-hour value, mg/m³; null when missing.' }) co!: number | null;
}

/** What an hourly and a daily AQI have in common; no query returns it, so the schema holds no such type. */
@ObjectType()
export abstract class AqiFields {
  @Field(() => Int, { nullable: true, description: 'Null when pollutants are missing and the rest give AQI ≤ 100.' })
  aqi!: number | null;

  @Field(() => AqiLevel, { nullable: true, description: 'AQI level (docs/indicators.md §1); null when the AQI is.' })
  level!: AqiLevel | null;

  @Field(() => [Pollutant], { description: 'Pollutants whose IAQI equals the AQI, when AQI > 50 (ties all listed).' })
  primaryPollutants!: readonly Pollutant[];

  @Field(() => Iaqi, { description: 'Individual AQI of each pollutant present.' })
  iaqi!: Iaqi;
}

@ObjectType({ description: 'Real-time (hourly) AQI, HJ 633.' })
export class HourlyAqi extends AqiFields {
  @Field(() => DateTimeScalar, { description: 'END of the averaging hour.' })
  observedAt!: Date;

  @Field(() => StandardEdition, { description: 'Edition of the day in which the averaging hour begins.' })
  standard!: StandardEdition;

  @Field(() => HourlyConcentrations, { description: 'The 1-hour values the AQI was computed from.' })
  concentrations!: HourlyConcentrations;
}

@ObjectType({ description: 'Hourly values behind each daily figure (o3Max8h: valid 8-hour windows, of 17).' })
export class DailyCounts {
  @Field(() => Int, { description: 'Hourly PM2.5 values of the day.' }) pm25!: number;
  @Field(() => Int, { description: 'Hourly PM10 values of the day.' }) pm10!: number;
  @Field(() => Int, { description: 'Hourly SO2 values of the day.' }) so2!: number;
  @Field(() => Int, { description: 'Hourly NO2 values of the day.' }) no2!: number;
  @Field(() => Int, { description: 'Hourly CO values of the day.' }) co!: number;
  @Field(() => Int, { description: 'Valid 8-hour O3 windows of the 17 stamped D 08:00 … D+1 00:00 (MDA8 valid with ≥ 14).' }) o3Max8h!: number;
  @Field(() => Int, { description: 'Hourly O3 values of the day (the daily max 1-hour value is valid with ≥ 20).' }) o3Max1h!: number;
}

@ObjectType({ description: 'What a daily figure was computed from, so it can be checked.' })
export class DailyExplain {
  @Field(() => DateTimeScalar, { description: 'First hour stamp of the day (D 01:00 CST).' })
  firstHour!: Date;

  @Field(() => DateTimeScalar, { description: 'Last hour stamp of the day (D+1 00:00 CST).' })
  lastHour!: Date;

  @Field(() => DailyCounts, { description: 'Valid hours (≥ 20 for a 24-hour mean) and valid MDA8 windows (≥ 14).' })
  counts!: DailyCounts;

  @Field(() => [String], {
    description: "Codes of the stations the region's hourly values average now (a city's NATIONAL stations in its subtree, a county's NATIONAL and PROVINCIAL ones); empty for a province, which averages its cities.",
  })
  evaluationStationCodes!: string[];
}

@ObjectType({ description: 'Daily AQI (HJ 633) and daily concentrations (HJ 663); a concentration only when valid.' })
export class DailyAqi extends AqiFields {
  @Field(() => DateScalar, { description: 'The day (CST): the hours stamped D 01:00 … D+1 00:00.' }) date!: string;

  @Field({ description: 'All daily indicators valid, or the AQI of the valid ones > 100.' })
  valid!: boolean;

  @Field(() => Float, { nullable: true, description: '24-hour mean, µg/m³' }) pm25!: number | null;
  @Field(() => Float, { nullable: true, description: '24-hour mean, µg/m³' }) pm10!: number | null;
  @Field(() => Float, { nullable: true, description: '24-hour mean, µg/m³' }) so2!: number | null;
  @Field(() => Float, { nullable: true, description: '24-hour mean, µg/m³' }) no2!: number | null;
  @Field(() => Float, { nullable: true, description: '24-hour mean, mg/m³' }) co!: number | null;
  @Field(() => Float, { nullable: true, description: 'Daily maximum 8-hour mean (MDA8), µg/m³' }) o3Max8h!: number | null;
  @Field(() => Float, { nullable: true, description: 'Daily maximum 1-hour value, µg/m³ (enters the AQI under 2012 only)' })
  o3Max1h!: number | null;

  @Field(() => Float, { nullable: true, description: 'Daily composite index Σ Cᵢ/Sᵢ, unrounded; null unless all six are valid.' })
  compositeIndex!: number | null;

  @Field(() => StandardEdition, { description: "The day's own edition." })
  standard!: StandardEdition;

  @Field(() => DailyExplain, { description: 'The hours and stations the figures were computed from.' })
  explain!: DailyExplain;
}

@ObjectType({ description: 'Valid daily values behind each period figure.' })
export class PeriodSampleCounts {
  @Field(() => Int, { description: 'Valid daily PM2.5 means in the range.' }) pm25!: number;
  @Field(() => Int, { description: 'Valid daily PM10 means in the range.' }) pm10!: number;
  @Field(() => Int, { description: 'Valid daily SO2 means in the range.' }) so2!: number;
  @Field(() => Int, { description: 'Valid daily NO2 means in the range.' }) no2!: number;
  @Field(() => Int, { description: 'Valid daily CO means in the range (behind coP95).' }) co!: number;
  @Field(() => Int, { description: 'Valid MDA8 values in the range (behind o3P90).' }) o3Max8h!: number;
}

@ObjectType({ description: 'Period indicators of HJ 663 for a region and a date range (inclusive), unrounded.' })
export class PeriodIndicators {
  @Field(() => DateScalar, { description: 'First day of the range (CST).' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day of the range (CST).' }) to!: string;
  @Field(() => Int, { description: 'Valid days (docs/indicators.md §2) in the range.' }) validDays!: number;
  @Field(() => Int, { description: 'Valid days with AQI ≤ 100.' }) goodDays!: number;
  @Field(() => Float, { nullable: true, description: 'goodDays / validDays, %.' }) goodDayRatio!: number | null;
  @Field(() => Int, { description: 'Days with AQI > 200.' }) heavyDays!: number;
  @Field(() => Float, { nullable: true, description: 'Mean of the valid daily means, µg/m³' }) pm25!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean of the valid daily means, µg/m³' }) pm10!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean of the valid daily means, µg/m³' }) so2!: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean of the valid daily means, µg/m³' }) no2!: number | null;
  @Field(() => Float, { nullable: true, description: '95th percentile of the valid daily CO means, mg/m³' }) coP95!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile of the valid MDA8 values, µg/m³' }) o3P90!: number | null;

  @Field(() => Float, { nullable: true, description: 'Composite index Σ Cᵢ/Sᵢ, unrounded; null when a term is missing.' })
  compositeIndex!: number | null;

  @Field(() => Float, { nullable: true, description: 'Composite index rounded to 2 decimals (GB/T 8170), for ranking and display.' })
  compositeIndexRounded!: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Month: ≥ 27 valid days (February ≥ 25); year: ≥ 324. Null for a range that is neither.',
  })
  complete!: boolean | null;

  @Field(() => StandardEdition, { description: 'The rules in force on the last day, applied to every day of the range.' })
  standard!: StandardEdition;

  @Field(() => PeriodSampleCounts, { description: 'Valid daily values behind each figure.' })
  sampleCounts!: PeriodSampleCounts;

  @Field(() => Int, { description: 'Days of the range with any hourly data.' })
  daysWithData!: number;

  @Field(() => [String], { description: 'Codes of the evaluation stations of the region now (empty for a province).' })
  evaluationStationCodes!: string[];
}

@ArgsType()
export class TimeRangeArgs {
  @Field(() => DateTimeScalar, { description: 'First hour stamp, inclusive.' }) from!: Date;
  @Field(() => DateTimeScalar, { description: 'Last hour stamp, inclusive.' }) to!: Date;
}

@ArgsType()
export class DateRangeArgs {
  @Field(() => DateScalar, { description: 'First day, inclusive (CST).' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day, inclusive (CST).' }) to!: string;
}

@ArgsType()
export class StationTimeRangeArgs {
  @Field({ description: 'Air station code. No such station: NOT_FOUND.' }) stationCode!: string;
  @Field(() => DateTimeScalar, { description: 'First hour stamp, inclusive.' }) from!: Date;
  @Field(() => DateTimeScalar, { description: 'Last hour stamp, inclusive.' }) to!: Date;
}

@ArgsType()
export class RegionTimeRangeArgs {
  @Field({ description: 'No such region: NOT_FOUND.' }) regionCode!: string;
  @Field(() => DateTimeScalar, { description: 'First hour stamp, inclusive.' }) from!: Date;
  @Field(() => DateTimeScalar, { description: 'Last hour stamp, inclusive.' }) to!: Date;
}

@ArgsType()
export class RegionDateRangeArgs {
  @Field({ description: 'No such region: NOT_FOUND.' }) regionCode!: string;
  @Field(() => DateScalar, { description: 'First day, inclusive (CST).' }) from!: string;
  @Field(() => DateScalar, { description: 'Last day, inclusive (CST).' }) to!: string;
}
