import { Args, ArgsType, Ctx, Field, Int, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { MonthScalar } from '../platform/scalars';
import { badUserInput } from '../platform/errors';
import { yearlyScore } from './math/monthly-score';
import { CityMonthlyScore, CityYearlyScore } from './monthly-score.types';

@ArgsType()
class MonthlyScoresArgs {
  @Field({ description: 'A PROVINCE: its CITY children are scored. No such region: NOT_FOUND.' }) provinceCode!: string;
  @Field(() => MonthScalar, { description: 'The month to score (CST days).' }) month!: string;
}

@ArgsType()
class YearlyScoresArgs {
  @Field({ description: 'A PROVINCE: its CITY children are scored. No such region: NOT_FOUND.' }) provinceCode!: string;
  @Field(() => Int, { description: 'The year to score, 1970–9999.' }) year!: number;
  @Field(() => MonthScalar, { nullable: true, description: 'Score the months January … this one (default: December).' })
  throughMonth?: string | null;
}

/** Best score first; a city without a score after every city with one. */
function byScoreDescending(a: { score: number | null }, b: { score: number | null }): number {
  if (a.score === null || b.score === null) return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0);
  return b.score - a.score;
}

@Resolver()
export class MonthlyScoreResolver {
  @Query(() => [CityMonthlyScore], {
    description:
      'Sichuan Annex 2 monthly scores of the cities of a province, each part with its inputs: the ranked cities best first, then (provinceRank null, by code) those without a valid day in the month.',
  })
  monthlyScores(@Args() { provinceCode, month }: MonthlyScoresArgs, @Ctx() ctx: Context) {
    return ctx.services.monthlyScores.monthlyScores(ctx.access, provinceCode, month);
  }

  @Query(() => [CityYearlyScore], {
    description:
      'Yearly scores: the mean of each city\'s monthly totals over the months with a valid day (article 3), best first; cities with no such month last.',
  })
  async yearlyScores(@Args() { provinceCode, year, throughMonth }: YearlyScoresArgs, @Ctx() ctx: Context) {
    if (year < 1970 || year > 9999) throw badUserInput(`year must be between 1970 and 9999 (the years indicators cover); got ${year}`);
    const last = throughMonth ?? `${year}-12`;
    if (!last.startsWith(`${year}-`)) throw badUserInput(`throughMonth ${last} is not in ${year}`);
    const months = Array.from({ length: Number(last.slice(5)) }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const scores: CityMonthlyScore[][] = [];
    for (const month of months) scores.push(await ctx.services.monthlyScores.monthlyScores(ctx.access, provinceCode, month));
    const byCity = new Map<string, CityMonthlyScore[]>();
    for (const s of scores.flat()) {
      const months = byCity.get(s.regionCode);
      if (months) months.push(s);
      else byCity.set(s.regionCode, [s]);
    }
    return [...byCity.values()]
      .map((monthsOfCity) => ({
        regionCode: monthsOfCity[0].regionCode,
        regionName: monthsOfCity[0].regionName,
        year,
        ...yearlyScore(monthsOfCity),
        months: monthsOfCity.sort((a, b) => a.month.localeCompare(b.month)),
      }))
      .sort((a, b) => byScoreDescending(a, b) || a.regionCode.localeCompare(b.regionCode));
  }
}
