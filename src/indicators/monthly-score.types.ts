import { Field, Float, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { DateScalar, MonthScalar } from '../platform/scalars';
import { StandardEdition } from './indicator.types';
import type * as score from './math/monthly-score';

// The GraphQL side of the pure results of math/monthly-score.ts: each class `implements` its result and each enum is
// checked against its union, so a result is its GraphQL type without a cast.

export const GoodDaysBranch = {
  NO_DATA_LAST_YEAR: 'NO_DATA_LAST_YEAR',
  EXCELLENT: 'EXCELLENT',
  CHANGE: 'CHANGE',
} as const satisfies { [K in score.GoodDaysBranch]: K };
registerEnumType(GoodDaysBranch, {
  name: 'GoodDaysBranch',
  description: 'Which rule of Annex 2 article 6 scored the good days.',
  valuesConfig: {
    NO_DATA_LAST_YEAR: { description: 'No valid day in the same month a year earlier: 30.' },
    EXCELLENT: { description: 'Good-day ratio ≥ 95% and not below last year: 40.' },
    CHANGE: { description: '30 + 3 × (g − g_last), clamped to 0…40.' },
  },
});

export const BonusReason = {
  PM25_TARGET: 'PM25_TARGET',
  GOOD_DAY_RATIO_TARGET: 'GOOD_DAY_RATIO_TARGET',
} as const satisfies { [K in score.BonusReason]: K };
registerEnumType(BonusReason, {
  name: 'BonusReason',
  description: 'Annex 2 article 8: a MONTH target met.',
  valuesConfig: {
    PM25_TARGET: { description: 'PM2.5 mean of the month (to 0.1 µg/m³) at or below the target: +2, and +0.1 per full 0.1 µg/m³ below it.' },
    GOOD_DAY_RATIO_TARGET: { description: 'Good-day ratio of the month (to 0.1 point) at or above the target: +2, and +0.1 per full 0.1 point above it.' },
  },
});

@ObjectType({ description: 'A day of the month in the national daily ranking (article 4).' })
export class DailyRankDay implements score.DailyRankDay {
  @Field(() => DateScalar, { description: 'The day (CST).' }) date!: string;
  @Field(() => Float, { description: 'Daily composite index rounded to 2 decimals.' }) index!: number;
  @Field(() => Int, { nullable: true, description: 'Rank among the key cities valid that day (a non-key city: the nearest key city\'s rank).' })
  rank!: number | null;
  @Field(() => Float, { description: 'Points of the rank: +0.5 (1–30) … −0.5 (146 and below); 0 without a rank.' }) points!: number;
}

@ObjectType({ description: 'Article 4: 15 + Σ daily points, clamped to 0…30.' })
export class DailyRankPart implements score.DailyRankPart {
  @Field(() => Float, { description: 'clamp(15 + Σ points, 0, 30).' }) score!: number;
  @Field(() => [DailyRankDay], { description: 'Each day of the month with a valid daily composite index, by date.' }) days!: DailyRankDay[];
}

@ObjectType({ description: 'Article 5: the year-on-year improvement of the month composite index, ranked in the province.' })
export class ImprovementPart implements score.ImprovementPart {
  @Field(() => Float, { description: 'clamp(20 + points, 10, 30); 20 for a city without u.' }) score!: number;
  @Field(() => Float, { nullable: true, description: 'u = (I_last − I)/I_last × 100 on the 2-decimal indices.' }) u!: number | null;
  @Field(() => Int, { nullable: true, description: 'Rank by u, largest first, among the cities of the province with a u (ties share the better rank); null without u.' })
  rank!: number | null;
  @Field(() => Int, { description: 'Cities of the province with a u.' }) n!: number;
  @Field(() => Float, { description: 'Points of the rank (+10 … −10), after the national top-20 waiver.' }) points!: number;
  @Field({ description: 'A deduction cancelled: the month index ranks in the national top 20.' }) waived!: boolean;
  @Field(() => Int, { nullable: true, description: "Rank of the month composite index among the key cities (a non-key city: the nearest key city's rank); null when it cannot be ranked." })
  nationalRank!: number | null;
  @Field(() => Float, { nullable: true, description: 'I: month composite index, unrounded.' }) compositeIndex!: number | null;
  @Field(() => Float, { nullable: true, description: 'I_last: the same month a year earlier under this month\'s edition.' })
  compositeIndexLastYear!: number | null;
}

@ObjectType({ description: 'Article 6: good days against the same month a year earlier.' })
export class GoodDaysPart implements score.GoodDaysPart {
  @Field(() => Float, { description: '0…40, by `branch`.' }) score!: number;
  @Field(() => Int, { description: 'Good days (valid, AQI ≤ 100) of the month.' }) g!: number;
  @Field(() => Int, { description: 'Good days of the same month a year earlier, under this month\'s edition.' }) gLast!: number;
  @Field(() => Float, { nullable: true, description: 'Good-day ratio of the month, %.' }) r!: number | null;
  @Field(() => Float, { nullable: true, description: 'Good-day ratio of the same month a year earlier, %.' }) rLast!: number | null;
  @Field(() => GoodDaysBranch, { description: 'Which rule gave the score.' }) branch!: score.GoodDaysBranch;
}

@ObjectType({ description: "A heavy day of the city (published daily AQI > 200) in the month, and what it cost (article 7)." })
export class HeavyDayCharge implements score.HeavyDayCharge {
  @Field(() => DateScalar, { description: 'The day (CST).' }) date!: string;
  @Field(() => Int, { description: 'Order of the day among the city\'s heavy days of the year.' }) order!: number;
  @Field(() => Float, { description: 'Points charged: −2 for the first heavy day of the year, −3 for the second, −5 for each later one.' }) charge!: number;
}

@ObjectType({ description: 'A day of the month on which the city was not heavy but one or more of its counties was (article 7).' })
export class CountyOnlyDayCharge implements score.CountyOnlyDayCharge {
  @Field(() => DateScalar, { description: 'The day (CST).' }) date!: string;
  @Field(() => Float, { description: 'Points charged: −1, once a day.' }) charge!: number;
}

@ObjectType({ description: 'Article 7: −2, −3, then −5 per heavy day of the year; −1 per day only a county was heavy.' })
export class HeavyPollutionPart implements score.HeavyPollutionPart {
  @Field(() => Float, { description: 'Sum of the charges, ≤ 0.' }) score!: number;
  @Field(() => [HeavyDayCharge], { description: "The city's heavy days that fall in the month, by date." }) days!: HeavyDayCharge[];
  @Field(() => [CountyOnlyDayCharge], { description: 'Days of the month on which a county but not the city was heavy, by date.' })
  countyOnlyDays!: CountyOnlyDayCharge[];
}

@ObjectType({ description: 'A MONTH target met, and the points it earned (article 8).' })
export class BonusItem implements score.BonusItem {
  @Field(() => BonusReason, { description: 'Which target.' }) reason!: score.BonusReason;
  @Field(() => Float, { description: 'Points earned, a multiple of 0.1.' }) points!: number;
}

@ObjectType({ description: 'A day whose AQI by 15:00 was worse than the day ended.' })
export class RecoveredDay implements score.RecoveredDay {
  @Field(() => DateScalar, { description: 'The day (CST).' }) date!: string;
  @Field(() => Int, { description: 'AQI by 15:00: the daily AQI of the hours stamped 01:00–15:00 (docs/indicators.md §4.5).' }) partialAqi!: number;
  @Field(() => Int, { description: "The day's published daily AQI." }) aqi!: number;
  @Field(() => Float, { description: '+2 when by 15:00 > 200 and the day ≤ 200; +1 when by 15:00 > 100 and the day ≤ 100; both can apply.' }) points!: number;
}

@ObjectType({ description: 'Article 8: MONTH targets met and recovered days.' })
export class BonusPart implements score.BonusPart {
  @Field(() => Float, { description: 'Sum of the items and the recovered days, ≥ 0.' }) score!: number;
  @Field(() => [BonusItem], { description: 'MONTH targets met (only those that earned points).' }) items!: BonusItem[];
  @Field(() => [RecoveredDay], { description: 'Days of the month that earned a recovery bonus, by date.' }) recoveredDays!: RecoveredDay[];
}

@ObjectType({ description: 'The inputs behind each part of a monthly score.' })
export class MonthlyScoreDetail {
  @Field(() => DailyRankPart, { description: 'Article 4: the national daily ranking.' }) dailyRank!: DailyRankPart;
  @Field(() => ImprovementPart, { description: 'Article 5: year-on-year improvement.' }) improvement!: ImprovementPart;
  @Field(() => GoodDaysPart, { description: 'Article 6: good days.' }) goodDays!: GoodDaysPart;
  @Field(() => HeavyPollutionPart, { description: 'Article 7: heavy pollution.' }) heavyPollution!: HeavyPollutionPart;
  @Field(() => BonusPart, { description: 'Article 8: bonus.' }) bonus!: BonusPart;
}

@ObjectType({ description: 'Sichuan Annex 2 monthly score of a city (indicators.md §4).' })
export class CityMonthlyScore {
  @Field({ description: 'GB/T 2260 code of the city.' }) regionCode!: string;
  @Field({ description: 'Name of the city.' }) regionName!: string;
  @Field(() => MonthScalar, { description: 'The month scored (CST days).' }) month!: string;
  @Field(() => Float, { description: 'Sum of the five parts.' }) total!: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Rank of the total among the cities of the province with at least one valid day in the month (ties share the better rank); null for a city without one, whose total is the rules\' base points, not a measure of its air.',
  })
  provinceRank!: number | null;
  @Field(() => Int, { description: 'Valid days of the month (HJ 663) the score is built on.' }) validDays!: number;
  @Field({ description: 'The month has ≥ 27 valid days (February: ≥ 25), HJ 663. An incomplete month is still scored.' })
  complete!: boolean;
  @Field(() => Float, { description: 'Article 4, 0…30.' }) dailyRank!: number;
  @Field(() => Float, { description: 'Article 5, 10…30.' }) improvement!: number;
  @Field(() => Float, { description: 'Article 6, 0…40.' }) goodDays!: number;
  @Field(() => Float, { description: 'Article 7, ≤ 0.' }) heavyPollution!: number;
  @Field(() => Float, { description: 'Article 8, ≥ 0.' }) bonus!: number;
  @Field(() => StandardEdition, { description: "The month's edition; last year's month is recomputed under it." })
  standard!: StandardEdition;
  @Field(() => MonthlyScoreDetail, { description: 'Each part with its inputs, to explain the score.' }) detail!: MonthlyScoreDetail;
}

@ObjectType({ description: 'A city\'s yearly score: the mean of its monthly totals (article 3).' })
export class CityYearlyScore {
  @Field({ description: 'GB/T 2260 code of the city.' }) regionCode!: string;
  @Field({ description: 'Name of the city.' }) regionName!: string;
  @Field(() => Int, { description: 'The year scored.' }) year!: number;
  @Field(() => Float, {
    nullable: true,
    description:
      'Mean of the monthly totals of the months with at least one valid day (monthsCounted of them): a month without one is listed in `months` but not averaged. Null when no month has a valid day.',
  })
  score!: number | null;
  @Field(() => Int, { description: 'How many months the score is the mean of: those with at least one valid day.' })
  monthsCounted!: number;
  @Field(() => Int, { description: 'How many of those months are complete (≥ 27 valid days, February ≥ 25).' })
  completeMonths!: number;
  @Field(() => [CityMonthlyScore], { description: 'Every month scored, January … throughMonth, counted or not.' })
  months!: CityMonthlyScore[];
}
