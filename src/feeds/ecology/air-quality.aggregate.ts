import { ArgsType, Field } from 'type-graphql';
import { Access, regionScopeSql } from '../../access/access';
import { AGGREGATE_NOTE, GroupKey, decorateAggregateArgs, groupTypes } from '../../datasets/aggregate-graphql';
import {
  Measure,
  bucketSql,
  checkAggregateRange,
  groupedSql,
  groupsOf,
  maxAggregateDays,
  maxGroupsOf,
  rowFigures,
  tooManyGroups,
} from '../../datasets/aggregate-sql';
import { namedClass } from '../../datasets/named-class';
import type { Queryable } from '../../platform/db/queryable';
import { DateScalar, DateTimeScalar, MonthScalar } from '../../platform/scalars';
import { assertRegionExists } from '../../regions/region.queries';
import { POLLUTANT_FIELDS, airQualityFeed } from './air-quality.feed';
import { AIR_QUALITY_WHERE } from './air-quality.types';

const SUBJECT = 'hourly air quality rows';
const MAX_DAYS = maxAggregateDays(airQualityFeed.dataset.cadence, 'instant');
/** A row's region: the region that reported it, or its station's (`s`, joined). */
const ROW_REGION = 'coalesce(a.region_code, s.region_code)';

const KEYS: GroupKey[] = [
  {
    value: 'REGION',
    name: 'regionCode',
    type: () => String,
    groupBy: "By the row's region: its station's, or the region that reported the value itself (its own code, not its city's).",
    description: "The GB/T 2260 code of the group's region, when grouped by REGION; else null.",
  },
  {
    value: 'STATION',
    name: 'stationCode',
    type: () => String,
    groupBy: "By station; a region's own reported values form groups of a null stationCode.",
    description: "The station's code, when grouped by STATION (null for a region's own reported values); else null.",
  },
  {
    value: 'DAY',
    name: 'day',
    type: () => DateScalar,
    bucket: 'day',
    groupBy: 'By the CST (UTC+8) calendar day of observedAt: the hour stamped 00:00 (23:00–24:00 of the day before) counts on the day it is stamped, unlike the HJ 663 day (01:00–24:00) of `cityDailyAqi`.',
    description: 'The CST day of the rows\' observedAt, when grouped by DAY; else null.',
  },
  {
    value: 'MONTH',
    name: 'month',
    type: () => MonthScalar,
    bucket: 'month',
    groupBy: 'By the CST (UTC+8) month of observedAt.',
    description: "The CST month of the rows' observedAt, when grouped by MONTH; else null.",
  },
];

const MEASURES: (Measure & { description: string })[] = POLLUTANT_FIELDS.map(({ field, pollutant, unit }) => ({
  name: field,
  sql: `a.${field}`,
  additive: false,
  description: `${pollutant} 1-hour mean (${unit}) over the group's hours: count, min, max, mean of the hourly values as stored (no validity rule).`,
}));

export const { groupBy: AirQualityGroupBy, group: AirQualityObservationGroup } = groupTypes('AirQualityObservation', SUBJECT, KEYS, MEASURES);

/** The arguments of `airQualityObservationsAggregate`: the list's filters, and the grouping. */
export const AirQualityAggregateArgs = namedClass('AirQualityObservationsAggregateArgs');
decorateAggregateArgs(AirQualityAggregateArgs, AirQualityGroupBy, SUBJECT);
Field(() => String, { nullable: true, description: "Only this station's rows." })(AirQualityAggregateArgs.prototype, 'stationCode');
Field(() => String, {
  nullable: true,
  description: "Rows of the stations in this region or its sub-regions, and those regions' own reported values. No such region: NOT_FOUND.",
})(AirQualityAggregateArgs.prototype, 'regionCode');
for (const [name, end] of [['from', 'Earliest'], ['to', 'Latest']]) {
  Field(() => DateTimeScalar, { description: `${end} observedAt, inclusive. At most ${MAX_DAYS} days from \`from\` to \`to\` (else QUERY_TOO_COSTLY).` })(
    AirQualityAggregateArgs.prototype,
    name,
  );
}
Field(() => AIR_QUALITY_WHERE.type, { nullable: true, description: "Only the rows that match, with the other filters (all hold together) and within the caller's grant." })(
  AirQualityAggregateArgs.prototype,
  'where',
);
ArgsType()(AirQualityAggregateArgs);

export const AIR_QUALITY_AGGREGATE_DESCRIPTION =
  'Hourly air quality, aggregated: the rows `airQualityObservations` returns for the same filters, in groups (`groupBy`) with ' +
  `their count and each pollutant's figures. ${AGGREGATE_NOTE} For a city's day or period by the standards use ` +
  '`cityDailyAqi` and `cityPeriodIndicators`, which read the region-day rollup; this reads the hourly rows themselves, ' +
  "since that rollup holds a region's hourly values as the standards reduce them from its evaluation stations, not its rows. " +
  'Readable by ECOLOGY and COMMAND_CENTER keys, and by other departments through a sharing grant (a region-limited grant ' +
  'aggregates the rows of its regions only); the rows aggregated are audited as read.';

/**
 * Hourly air quality in groups, one statement: the rows the list would return (scope, region subtree, station, range,
 * where), grouped by region, station, CST day or month, with each pollutant's count, min, max and mean.
 */
export async function aggregateAirQuality(db: Queryable, access: Access, args: Record<string, any>, selected: Set<string>): Promise<Record<string, unknown>[]> {
  const dataset = airQualityFeed.dataset;
  const groupedBy = [...new Set<string>(args.groupBy ?? [])].map((value) => KEYS.find((k) => k.value === value)!);
  const maxGroups = maxGroupsOf(args.maxGroups);
  checkAggregateRange(dataset.id, args.from, args.to, MAX_DAYS);
  const scope = await access.readScope(dataset);
  if (args.regionCode) {
    await assertRegionExists(db, 'regionCode', args.regionCode);
    await access.assertRegion(dataset, args.regionCode);
  }
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [regionScopeSql(scope, ROW_REGION, bind), `a.observed_at >= ${bind(args.from)}`, `a.observed_at <= ${bind(args.to)}`];
  if (args.regionCode) {
    // As the list: the series of the region's stations and of its own reported values, on the primary key.
    const region = bind(args.regionCode);
    where.push(`a.series_key IN (SELECT 'S:' || x.code FROM air_stations x WHERE x.region_code IN (SELECT code FROM region_subtree(${region}))
                                 UNION ALL SELECT 'R:' || code FROM region_subtree(${region}))`);
  }
  if (args.stationCode) where.push(`a.series_key = ${bind(`S:${args.stationCode}`)}`);
  const matching = AIR_QUALITY_WHERE.compile(args.where, bind);
  if (matching) where.push(matching);
  const keys = groupedBy.map((k) => (k.value === 'REGION' ? ROW_REGION : k.value === 'STATION' ? 'a.station_code' : bucketSql('a.observed_at', 'instant', k.bucket!)));
  const measures = MEASURES.filter((m) => selected.has(m.name));
  const sql = groupedSql({
    from: 'air_quality_hourly a LEFT JOIN air_stations s ON s.code = a.station_code',
    where,
    keys,
    figures: rowFigures(measures),
    limit: bind(maxGroups + 1),
  });
  const rows: Record<string, unknown>[] = await db.query(sql, params);
  if (rows.length > maxGroups) throw tooManyGroups(dataset.id, maxGroups);
  const groups = groupsOf(rows, groupedBy, KEYS.map((k) => k.name), measures);
  access.recordRead(dataset.id, groups.reduce((n, g) => n + (g.count as number), 0));
  return groups;
}
