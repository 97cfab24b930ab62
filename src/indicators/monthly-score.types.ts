import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
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
registerEnumType(BonusReason, { name: 'BonusReason', description: 'Annex 2 article 8: a MONTH target met.' });

@ObjectType({ description: 'A day of the month in the national daily ranking (article 4).' })
export class DailyRankDay implements score.DailyRankDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => Float, { description: 'Daily composite index rounded to 2 decimals.' }) index!: number;
  @Field(() => Int, { nullable: true, description: 'Rank among the key cities valid that day (a non-key city: the nearest key city\'s rank).' })
  rank!: number | null;
  @Field(() => Float) points!: number;
}

@ObjectType({ description: 'Article 4: 15 + Σ daily points, clamped to 0…30.' })
export class DailyRankPart implements score.DailyRankPart {
  @Field(() => Float) score!: number;
  @Field(() => [DailyRankDay]) days!: DailyRankDay[];
}

@ObjectType({ description: 'Article 5: the year-on-year improvement of the month composite index, ranked in the province.' })
export class ImprovementPart implements score.ImprovementPart {
  @Field(() => Float) score!: number;
  @Field(() => Float, { nullable: true, description: 'u = (I_last − I)/I_last × 100 on the 2-decimal indices.' }) u!: number | null;
  @Field(() => Int, { nullable: true }) rank!: number | null;
  @Field(() => Int, { description: 'Cities of the province with a u.' }) n!: number;
  @Field(() => Float) points!: number;
  @Field({ description: 'A deduction cancelled: the month index ranks in the national top 20.' }) waived!: boolean;
  @Field(() => Int, { nullable: true }) nationalRank!: number | null;
  @Field(() => Float, { nullable: true, description: 'I: month composite index, unrounded.' }) compositeIndex!: number | null;
  @Field(() => Float, { nullable: true, description: 'I_last: the same month a year earlier under this month\'s edition.' })
  compositeIndexLastYear!: number | null;
}

@ObjectType({ description: 'Article 6: good days against the same month a year earlier.' })
export class GoodDaysPart implements score.GoodDaysPart {
  @Field(() => Float) score!: number;
  @Field(() => Int) g!: number;
  @Field(() => Int) gLast!: number;
  @Field(() => Float, { nullable: true, description: 'Good-day ratio of the month, %.' }) r!: number | null;
  @Field(() => Float, { nullable: true }) rLast!: number | null;
  @Field(() => GoodDaysBranch) branch!: score.GoodDaysBranch;
}

@ObjectType()
export class HeavyDayCharge implements score.HeavyDayCharge {
  @Field(() => DateScalar) date!: string;
  @Field(() => Int, { description: 'Order of the day among the city\'s heavy days of the year.' }) order!: number;
  @Field(() => Float) charge!: number;
}

@ObjectType()
export class CountyOnlyDayCharge implements score.CountyOnlyDayCharge {
  @Field(() => DateScalar) date!: string;
  @Field(() => Float) charge!: number;
}

@ObjectType({ description: 'Article 7: −2, −3, then −5 per heavy day of the year; −1 per day only a county was heavy.' })
export class HeavyPollutionPart implements score.HeavyPollutionPart {
  @Field(() => Float) score!: number;
  @Field(() => [HeavyDayCharge]) days!: HeavyDayCharge[];
  @Field(() => [CountyOnlyDayCharge]) countyOnlyDays!: CountyOnlyDayCharge[];
}

@ObjectType()
export class BonusItem implements score.BonusItem {
  @Field(() => BonusReason) reason!: score.BonusReason;
  @Field(() => Float) points!: number;
}

@ObjectType({ description: 'A day whose AQI by 15:00 was worse than the day ended.' })
export class RecoveredDay implements score.RecoveredDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => Int) partialAqi!: number;
  @Field(() => Int) aqi!: number;
  @Field(() => Float) points!: number;
}

@ObjectType({ description: 'Article 8: MONTH targets met and recovered days.' })
export class BonusPart implements score.BonusPart {
  @Field(() => Float) score!: number;
  @Field(() => [BonusItem]) items!: BonusItem[];
  @Field(() => [RecoveredDay]) recoveredDays!: RecoveredDay[];
}

@ObjectType({ description: 'The inputs behind each part of a monthly score.' })
export class MonthlyScoreDetail {
  @Field(() => DailyRankPart) dailyRank!: DailyRankPart;
  @Field(() => ImprovementPart) improvement!: ImprovementPart;
  @Field(() => GoodDaysPart) goodDays!: GoodDaysPart;
  @Field(() => HeavyPollutionPart) heavyPollution!: HeavyPollutionPart;
  @Field(() => BonusPart) bonus!: BonusPart;
}

@ObjectType({ description: 'Sichuan Annex 2 monthly score of a city (indicators.md §4).' })
export class CityMonthlyScore {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => MonthScalar) month!: string;
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
  @Field(() => MonthlyScoreDetail) detail!: MonthlyScoreDetail;
}

@ObjectType({ description: 'A city\'s yearly score: the mean of its monthly totals (article 3).' })
export class CityYearlyScore {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => Int) year!: number;
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
