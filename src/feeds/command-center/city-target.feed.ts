import { Department } from '../../platform/enums';
import { FeedDefinition } from '../../catalog/feed';
import type { Queryable } from '../../platform/db/queryable';
import { storedRegionCodes } from '../../regions/region.queries';
import { RecordReader } from '../../ingest/bulk/coerce';
import { RowErrorCode, RowValidator } from '../../catalog/row-validator';
import { CityTarget, TargetPeriodKind } from './city-target.entity';
import { CityTargetInput } from './city-target.types';
import { latestInRegions } from '../../regions/latest-in-regions';

type CityTargetRow = Omit<CityTarget, 'batchId'>;

const PERIOD_FORMAT: Record<TargetPeriodKind, { pattern: RegExp; what: string }> = {
  MONTH: { pattern: /^(\d{4})-(0[1-9]|1[0-2])$/, what: 'a month "YYYY-MM"' },
  YEAR: { pattern: /^(\d{4})$/, what: 'a year "YYYY"' },
  CAMPAIGN: { pattern: /^(\d{4})-(\d{4})$/, what: 'a campaign "YYYY-YYYY" of two consecutive years' },
};

/** The first calendar year a period touches, or undefined when the period is malformed for its kind. */
export function periodStartYear(kind: TargetPeriodKind, period: string): number | undefined {
  const match = PERIOD_FORMAT[kind].pattern.exec(period);
  if (!match) return undefined;
  if (kind === TargetPeriodKind.CAMPAIGN && Number(match[2]) !== Number(match[1]) + 1) return undefined;
  return Number(match[1]);
}

function checkPeriod(check: RowValidator, kind: TargetPeriodKind, period: string): number | undefined {
  if (!Object.values(TargetPeriodKind).includes(kind)) {
    check.fail('periodKind', RowErrorCode.INVALID_FORMAT, `periodKind ${JSON.stringify(kind)} is not MONTH, YEAR or CAMPAIGN`);
    return undefined;
  }
  const year = periodStartYear(kind, period);
  if (year === undefined) check.fail('period', RowErrorCode.INVALID_FORMAT, `period ${JSON.stringify(period)} is not ${PERIOD_FORMAT[kind].what}`);
  return year;
}

export const cityTargetFeed: FeedDefinition<CityTargetInput, CityTargetRow, Set<string>> = {
  dataset: {
    id: 'city-targets',
    owner: Department.COMMAND_CENTER,
    title: 'City air-quality targets',
    description: 'PM2.5, good-day ratio, heavy-day and PM2.5-decrease targets by region and month, year or autumn-winter campaign.',
    cadence: 'on change',
    table: 'city_targets',
    latestIn: latestInRegions('city_targets', { column: 'region_code' }, { publishedIn: 'city-targets' }),
    fields: [
      { name: 'regionCode', description: 'Region (with periodKind and period, the key)' },
      { name: 'periodKind', description: 'MONTH, YEAR or CAMPAIGN (1 Oct – 31 Mar)' },
      { name: 'period', description: '"YYYY-MM", "YYYY" or "YYYY-YYYY"' },
      { name: 'pm25Target', unit: 'µg/m³', description: 'PM2.5 mean not to exceed' },
      { name: 'goodDayRatioTarget', unit: '%', description: 'Good-day ratio to reach' },
      { name: 'heavyDaysTarget', unit: 'days', description: 'Days with AQI > 200 not to exceed' },
      { name: 'pm25DecreaseTarget', unit: '%', description: 'PM2.5 decrease against the base year (or year on year)' },
      { name: 'baseYear', description: 'Base year of the decrease target' },
      { name: 'basePm25', unit: 'µg/m³', description: 'PM2.5 of the base year as the plan states it' },
    ],
  },

  validate(input, check) {
    const { regionCode, periodKind, period } = input;
    if (!check.required('regionCode', regionCode) || !check.required('periodKind', periodKind) || !check.required('period', period)) return;
    check.pattern('regionCode', regionCode, /^\d{6}$/, 'a six-digit GB/T 2260 code');
    const year = checkPeriod(check, periodKind, period);
    check.range('pm25Target', input.pm25Target, 0, 1000, 'µg/m³');
    check.range('goodDayRatioTarget', input.goodDayRatioTarget, 0, 100, '%');
    check.range('heavyDaysTarget', input.heavyDaysTarget, 0, 366);
    check.range('pm25DecreaseTarget', input.pm25DecreaseTarget, -100, 100, '%');
    check.range('basePm25', input.basePm25, 0, 1000, 'µg/m³');
    if (input.baseYear !== null && input.baseYear !== undefined && year !== undefined) {
      check.range('baseYear', input.baseYear, 1980, year - 1);
    }
    if (input.basePm25 != null && input.baseYear == null) {
      check.fail('baseYear', RowErrorCode.REQUIRED, 'basePm25 needs the baseYear it belongs to');
    }
    const targets = [input.pm25Target, input.goodDayRatioTarget, input.heavyDaysTarget, input.pm25DecreaseTarget];
    if (targets.every((t) => t === null || t === undefined)) {
      check.fail(null, RowErrorCode.EMPTY_ROW, 'the row sets no target');
    }
    return {
      regionCode,
      periodKind,
      period,
      pm25Target: input.pm25Target ?? null,
      goodDayRatioTarget: input.goodDayRatioTarget ?? null,
      heavyDaysTarget: input.heavyDaysTarget ?? null,
      pm25DecreaseTarget: input.pm25DecreaseTarget ?? null,
      baseYear: input.baseYear ?? null,
      basePm25: input.basePm25 ?? null,
    };
  },

  fromRecord(record, check) {
    const read = new RecordReader(record, check);
    return {
      regionCode: read.text('regionCode'),
      periodKind: read.text('periodKind'),
      period: read.text('period'),
      pm25Target: read.number('pm25Target'),
      goodDayRatioTarget: read.number('goodDayRatioTarget'),
      heavyDaysTarget: read.integer('heavyDaysTarget'),
      pm25DecreaseTarget: read.number('pm25DecreaseTarget'),
      baseYear: read.integer('baseYear'),
      basePm25: read.number('basePm25'),
    } as CityTargetInput;
  },

  lookup: (rows, db: Queryable) => storedRegionCodes(db, rows.map((r) => r.regionCode)),

  checkReferences(row, regions, check) {
    if (!regions.has(row.regionCode)) check.fail('regionCode', RowErrorCode.UNKNOWN_REFERENCE, `no region ${row.regionCode}`);
  },

  naturalKey: (r) => `${r.regionCode} ${r.periodKind} ${r.period}`,
  regionRef: (r) => r.regionCode,

  upsert: {
    table: 'city_targets',
    conflict: ['region_code', 'period_kind', 'period'],
    columns: [
      { name: 'region_code', type: 'text', key: true, value: (r) => r.regionCode },
      { name: 'period_kind', type: 'text', key: true, value: (r) => r.periodKind },
      { name: 'period', type: 'text', key: true, value: (r) => r.period },
      { name: 'pm25_target', type: 'float8', value: (r) => r.pm25Target },
      { name: 'good_day_ratio_target', type: 'float8', value: (r) => r.goodDayRatioTarget },
      { name: 'heavy_days_target', type: 'int', value: (r) => r.heavyDaysTarget },
      { name: 'pm25_decrease_target', type: 'float8', value: (r) => r.pm25DecreaseTarget },
      { name: 'base_year', type: 'int', value: (r) => r.baseYear },
      { name: 'base_pm25', type: 'float8', value: (r) => r.basePm25 },
    ],
  },
};
