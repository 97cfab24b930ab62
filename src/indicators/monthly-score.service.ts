import { requireDataset } from '../catalog/registry';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { citiesToRank, countiesOfCities, regionLevel, unknownRegion } from '../regions/region.queries';
import { ErrorCode, hubError } from '../platform/errors';
import { DayHours, summariseDay } from './math/daily';
import { Edition, editionForPeriod } from './math/editions';
import { CityMonthlyScore } from './monthly-score.types';
import { ScoredCityInput, monthlyScores, provinceRanks } from './math/monthly-score';
import { HEAVY_DAY_ABOVE_AQI, periodIndicators } from './math/period';
import { periodRange, shiftPeriod } from './math/target-progress';
import { sameDateYearBefore } from './math/time';
import { StandardEdition } from './indicator.types';
import { TargetsSource } from './ports';
import { DAY_SUMMARY_COLUMNS, DaySummaryRow, checkIndicatorDays, regionDayRanges, toPeriodDay } from './indicator.service';

type DayRow = DaySummaryRow;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Gathers everything Annex 2 needs for a province and a month from the region-day rollup — a fixed number of
 * statements whatever the number of cities — and hands it to the pure `monthlyScores`.
 */
export class MonthlyScoreService {
  constructor(
    private readonly db: DataSource,
    private readonly targets: TargetsSource,
  ) {}

  /**
   * `through` (a day of the month): the month to date, its days up to that one compared with the same days a year
   * earlier (the command center's overview).
   */
  async monthlyScores(access: Access, provinceCode: string, month: string, through?: string): Promise<CityMonthlyScore[]> {
    const whole = periodRange('MONTH', month);
    const { from } = whole;
    const to = through ?? whole.to;
    checkIndicatorDays(from, to);
    const province = await regionLevel(this.db, provinceCode);
    if (!province) throw unknownRegion('provinceCode', provinceCode);
    if (province.level !== 'PROVINCE') throw hubError(ErrorCode.BAD_USER_INPUT, `${provinceCode} is a ${province.level}, not a PROVINCE`);
    // Scores are computed from air quality: the caller needs it for the province (key cities elsewhere only rank).
    await access.assertRegion(requireDataset('air-quality-hourly'), provinceCode);

    const lastMonth = periodRange('MONTH', shiftPeriod('MONTH', month, 1));
    const last = { from: lastMonth.from, to: through ? sameDateYearBefore(through) : lastMonth.to };
    const edition = editionForPeriod(to);

    // 1. The province's cities, every key city, and the counties under the province's cities.
    const cities = await citiesToRank(this.db, provinceCode);
    const scored = cities.filter((c) => c.in_province);
    const counties = await countiesOfCities(this.db, provinceCode);
    const cityOfCounty = new Map(counties.map((c) => [c.county, c.city]));

    // 2. The month's days of every city to rank; 3. heavy days of the year so far (cities) and of the month (counties).
    const monthDays: DayRow[] = await this.db.query(
      regionDayRanges(DAY_SUMMARY_COLUMNS),
      [cities.map((c) => c.code), from, to],
    );
    const heavy: { region_code: string; day: string }[] = await this.db.query(
      regionDayRanges('region_code, day', {
        ranges: 'SELECT code, $3::date, $5::date FROM unnest($1::text[]) AS code UNION SELECT code, $4::date, $5::date FROM unnest($2::text[]) AS code',
        where: 'aqi > $6',
      }),
      [scored.map((c) => c.code), counties.map((c) => c.county), `${month.slice(0, 4)}-01-01`, from, to, HEAVY_DAY_ABOVE_AQI],
    );
    // 4. The same month a year earlier, with its hours in case it must be recomputed under this month's edition.
    const lastYearDays: (DayRow & DayHours)[] = await this.db.query(
      regionDayRanges(`${DAY_SUMMARY_COLUMNS}, pm25, pm10, so2, no2, o3, co`),
      [scored.map((c) => c.code), last.from, last.to],
    );
    // 5. MONTH targets.
    const targets = await this.targets.monthTargets(month, scored.map((c) => c.code));

    const daysByCity = groupBy(monthDays, (r) => r.region_code);
    const monthIndicators = (code: string) =>
      periodIndicators({ from, to, days: (daysByCity.get(code) ?? []).map(toPeriodDay), edition });
    const lastYearByCity = groupBy(lastYearDays, (r) => r.region_code);
    const heavyByRegion = groupBy(heavy, (r) => r.region_code);
    const targetByCity = new Map(targets.map((t) => [t.region_code, t]));
    const countyHeavy = new Map<string, Set<string>>();
    for (const h of heavy) {
      const city = cityOfCounty.get(h.region_code);
      if (!city) continue;
      const days = countyHeavy.get(city) ?? new Set<string>();
      countyHeavy.set(city, days.add(h.day));
    }

    const inputs: ScoredCityInput[] = scored.map((city) => {
      const m = monthIndicators(city.code);
      const l = lastYearIndicators(lastYearByCity.get(city.code) ?? [], last.from, last.to, edition);
      const target = targetByCity.get(city.code);
      return {
        code: city.code,
        keyCity: city.key_city,
        days: (daysByCity.get(city.code) ?? []).map((d) => ({
          date: d.day,
          compositeIndex: d.composite_index,
          aqi: d.valid ? d.aqi : null,
          partialAqi: d.partial_aqi,
        })),
        month: { compositeIndex: m.compositeIndex, goodDays: m.goodDays, validDays: m.validDays, goodDayRatio: m.goodDayRatio, pm25: m.pm25 },
        lastYear: { compositeIndex: l.compositeIndex, goodDays: l.goodDays, validDays: l.validDays, goodDayRatio: l.goodDayRatio },
        heavyDaysThisYear: (heavyByRegion.get(city.code) ?? []).map((h) => h.day),
        countyHeavyDays: [...(countyHeavy.get(city.code) ?? [])],
        target: target ? { pm25: target.pm25_target, goodDayRatio: target.good_day_ratio_target } : null,
      };
    });
    const keyCities = cities
      .filter((c) => c.key_city)
      .map((c) => ({
        code: c.code,
        dailyIndex: new Map((daysByCity.get(c.code) ?? []).map((d) => [d.day, d.composite_index])),
        monthCompositeIndex: monthIndicators(c.code).compositeIndex,
      }));

    access.recordRead('air-quality-hourly', monthDays.length + lastYearDays.length + heavy.length);
    const results = monthlyScores({ month, cities: inputs, keyCities });
    const lastYearIndex = new Map(inputs.map((i) => [i.code, i.lastYear.compositeIndex]));
    const monthIndex = new Map(inputs.map((i) => [i.code, i.month.compositeIndex]));
    const names = new Map(scored.map((c) => [c.code, c.name]));
    return provinceRanks(results).map(({ result, rank }) => ({
      regionCode: result.regionCode,
      regionName: names.get(result.regionCode)!,
      month,
      total: result.total,
      provinceRank: rank,
      validDays: result.validDays,
      complete: result.complete,
      dailyRank: result.dailyRank.score,
      improvement: result.improvement.score,
      goodDays: result.goodDays.score,
      heavyPollution: result.heavyPollution.score,
      bonus: result.bonus.score,
      standard: edition.id as StandardEdition,
      detail: {
        ...result,
        improvement: {
          ...result.improvement,
          compositeIndex: monthIndex.get(result.regionCode) ?? null,
          compositeIndexLastYear: lastYearIndex.get(result.regionCode) ?? null,
        },
      },
    }));
  }
}

/** Last year's month under this month's edition: the stored figures when the edition is the same, else recomputed. */
function lastYearIndicators(rows: (DayRow & DayHours)[], from: string, to: string, edition: Edition) {
  const days = rows.map((r) =>
    r.edition === edition.id ? toPeriodDay(r) : summariseDay({ date: r.day, hours: r, edition }),
  );
  return periodIndicators({ from, to, days, edition });
}

declare module '../platform/context.type' {
  interface Services {
    monthlyScores: MonthlyScoreService;
  }
}
