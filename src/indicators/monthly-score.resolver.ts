import { Args, ArgsType, Ctx, Field, Int, Query, Resolver } from 'type-graphql';
import { Context } from '../context';
import { MonthScalar } from '../core/scalars';
import { badUserInput } from '../errors';
import { CityMonthlyScore, CityYearlyScore } from './monthly-score.types';

@ArgsType()
class MonthlyScoresArgs {
  @Field({ description: 'A PROVINCE: its CITY children are scored.' }) provinceCode!: string;
  @Field(() => MonthScalar) month!: string;
}

@ArgsType()
class YearlyScoresArgs {
  @Field({ description: 'A PROVINCE: its CITY children are scored.' }) provinceCode!: string;
  @Field(() => Int) year!: number;
  @Field(() => MonthScalar, { nullable: true, description: 'Score the months January … this one (default: December).' })
  throughMonth?: string | null;
}

@Resolver()
export class MonthlyScoreResolver {
  @Query(() => [CityMonthlyScore], {
    description: 'Sichuan Annex 2 monthly scores of the cities of a province, best first, each part with its inputs.',
  })
  monthlyScores(@Args() { provinceCode, month }: MonthlyScoresArgs, @Ctx() ctx: Context) {
    return ctx.services.monthlyScores.monthlyScores(ctx.access, provinceCode, month);
  }

  @Query(() => [CityYearlyScore], { description: 'Yearly scores: the mean of each city\'s monthly totals (article 3).' })
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
        // Totals are multiples of 0.1: average in tenths so the mean carries no float noise beyond its own division.
        score: monthsOfCity.reduce((sum, m) => sum + Math.round(m.total * 10), 0) / 10 / monthsOfCity.length,
        months: monthsOfCity.sort((a, b) => a.month.localeCompare(b.month)),
      }))
      .sort((a, b) => b.score - a.score || a.regionCode.localeCompare(b.regionCode));
  }
}
