import { QueuedWork } from '../catalog/feed';
import type { Queryable } from '../platform/db/queryable';
import { ChangedSeriesDay, DerivedDataQueue } from '../ingest/derived-data';
import { RollupQueue, queueEntries } from '../ingest/queued-rollup';
import { DayHours, partialDayAqi, summariseDay } from './math';
import { announceLevelChanges } from './aqi-levels';

const P = ['pm25', 'pm10', 'so2', 'no2', 'o3', 'co'];
const list = (f: (p: string) => string) => P.map(f).join(', ');

/**
 * One series' hours of a target day, as a LATERAL subquery: always a range scan of the primary key
 * (series_key, observed_at) per series and day. As a plain join the planner may look series up by key alone and
 * filter the time afterwards, reading each station's whole history on every refresh; `OFFSET 0` keeps the planner
 * from flattening the subquery back into such a join. The first and last of the target days ($3, $4) bound it too:
 * the table is partitioned by month, and only bounds known when the statement is planned leave out the months no
 * target day needs (the day of each row is known only as it runs), which would otherwise all be planned.
 */
const hoursOfDay = (seriesKey: string) => `LATERAL (
    SELECT * FROM air_quality_hourly
    WHERE series_key = ${seriesKey} AND observed_at BETWEEN hub_first_stamp(t.day) AND hub_last_stamp(t.day)
      AND observed_at BETWEEN hub_first_stamp($3::date) AND hub_last_stamp($4::date)
    OFFSET 0
  ) a`;

/** Every region-day that a station-day or a region's own day feeds, before provinces are added. */
const AFFECTED_REGION_DAYS = `
  WITH k (station_code, region_code, day) AS (SELECT * FROM unnest($1::text[], $2::text[], $3::date[]))
  SELECT e.region_code, k.day FROM k JOIN region_evaluation_stations e ON e.station_code = k.station_code
  UNION
  SELECT k.region_code, k.day FROM k WHERE k.region_code IS NOT NULL`;

/**
 * Rebuilds the days of `targets`: per slot and pollutant, the region's own reported value, else the mean its
 * `means` CTE gives (the one part that differs between cities/counties and provinces). avg skips nulls: a station or
 * city without a value that hour is left out. The hours come back as JSON arrays for the day's figures: the same
 * numbers (PostgreSQL writes a float8 the same shortest way in both), and JSON.parse reads an array five times faster
 * than node-postgres' float8[] parser, which took 5 % of the hub's CPU on an ingest.
 */
const refreshDays = (targets: string, means: string) => `
  WITH targets AS (${targets}
  ), means AS (${means}
  ), own AS (
    SELECT t.region_code, t.day, hub_slot(a.observed_at) AS slot, ${list((p) => `a.${p}`)}
    FROM targets t
    CROSS JOIN ${hoursOfDay(`'R:' || t.region_code`)}
  ), slots AS (
    SELECT t.region_code, t.day, ${list((p) => `coalesce(o.${p}, m.${p}) AS ${p}`)}, s.slot
    FROM targets t CROSS JOIN generate_series(0, 23) AS s (slot)
    LEFT JOIN means m ON m.region_code = t.region_code AND m.day = t.day AND m.slot = s.slot
    LEFT JOIN own o ON o.region_code = t.region_code AND o.day = t.day AND o.slot = s.slot
  )
  INSERT INTO region_days (region_code, day, ${P.join(', ')})
  SELECT region_code, day, ${list((p) => `array_agg(${p} ORDER BY slot)`)}
  FROM slots GROUP BY region_code, day
  HAVING ${P.map((p) => `count(${p})`).join(' + ')} > 0
  RETURNING region_code, day, ${list((p) => `to_json(${p}) AS ${p}`)}`;

const CITY_AND_COUNTY_TARGETS = `
    SELECT DISTINCT t.region_code, t.day
    FROM unnest($1::text[], $2::date[]) AS t (region_code, day)
    JOIN regions r ON r.code = t.region_code AND r.level IN ('CITY', 'COUNTY')`;

/** CITY and COUNTY days: the mean of the region's evaluation stations (§2). */
const REFRESH_CITIES_AND_COUNTIES = refreshDays(
  CITY_AND_COUNTY_TARGETS,
  `
    SELECT t.region_code, t.day, hub_slot(a.observed_at) AS slot, ${list((p) => `avg(a.${p}) AS ${p}`)}
    FROM targets t
    JOIN region_evaluation_stations e ON e.region_code = t.region_code
    CROSS JOIN ${hoursOfDay(`'S:' || e.station_code`)}
    GROUP BY 1, 2, 3`,
);

/** The provinces among the targets, and the provinces of the target cities. */
const PROVINCE_TARGETS = `
    SELECT DISTINCT coalesce(parent.code, r.code) AS region_code, t.day
    FROM unnest($1::text[], $2::date[]) AS t (region_code, day)
    JOIN regions r ON r.code = t.region_code
    LEFT JOIN regions parent ON r.level = 'CITY' AND parent.code = r.parent_code AND parent.level = 'PROVINCE'
    WHERE r.level = 'PROVINCE' OR parent.code IS NOT NULL`;

/** PROVINCE days: the mean of its CITY children's fresh days. */
const REFRESH_PROVINCES = refreshDays(
  PROVINCE_TARGETS,
  `
    SELECT t.region_code, t.day, u.slot::int - 1 AS slot, ${list((p) => `avg(u.${p}) AS ${p}`)}
    FROM targets t
    JOIN regions c ON c.parent_code = t.region_code AND c.level = 'CITY'
    JOIN region_days d ON d.region_code = c.code AND d.day = t.day
    CROSS JOIN LATERAL unnest(${list((p) => `d.${p}`)}) WITH ORDINALITY AS u (${P.join(', ')}, slot)
    GROUP BY 1, 2, 3`,
);

const clear = (targets: string) => `
  DELETE FROM region_days d USING (${targets}) t WHERE d.region_code = t.region_code AND d.day = t.day`;

export interface RegionDay {
  regionCode: string;
  day: string;
}

const SUMMARY_COLUMNS = ['edition', 'aqi', 'valid', 'pm25_mean', 'pm10_mean', 'so2_mean', 'no2_mean', 'co_mean',
  'o3_max8h', 'o3_max1h', 'composite_index', 'partial_aqi'];
const SUMMARY_TYPES = ['text', 'int', 'boolean', ...Array(8).fill('float8'), 'int'];

type RefreshedDay = { region_code: string; day: string } & DayHours;

/** A refreshed day's figures, in the order of SUMMARY_COLUMNS. */
type DayFigures = unknown[];

/**
 * A refreshed day's figures under its own edition — daily AQI, validity, daily means, MDA8, composite index and the
 * 15:00 partial-day AQI — computed from the series the refresh returned by the pure functions of src/indicators/math
 * (the one home of the standards' math).
 */
function figuresOf(r: RefreshedDay): DayFigures {
  const s = summariseDay({ date: r.day, hours: r });
  const partial = partialDayAqi({ date: r.day, hours: r });
  return [s.edition, s.aqi, s.valid, s.pm25, s.pm10, s.so2, s.no2, s.co, s.o3Max8h, s.o3Max1h, s.compositeIndex, partial.aqi];
}

/** Writes the figures of the refreshed days back, in one statement. */
async function writeFigures(db: Queryable, rows: RefreshedDay[], figures: DayFigures[]): Promise<void> {
  if (!rows.length) return;
  const columns = SUMMARY_COLUMNS.map((_, i) => figures.map((v) => v[i]));
  await db.query(
    `UPDATE region_days d SET ${SUMMARY_COLUMNS.map((c) => `${c} = u.${c}`).join(', ')}
     FROM unnest($1::text[], $2::date[], ${SUMMARY_TYPES.map((t, i) => `$${i + 3}::${t}[]`).join(', ')})
       AS u (region_code, day, ${SUMMARY_COLUMNS.join(', ')})
     WHERE d.region_code = u.region_code AND d.day = u.day`,
    [rows.map((r) => r.region_code), rows.map((r) => r.day), ...columns],
  );
}

/**
 * Recomputes exactly the given region-days, then the days of their provinces, then their figures: set-based, four
 * statements whatever the number of days, inside the caller's transaction.
 */
export async function refreshRegionDays(db: Queryable, targets: RegionDay[]): Promise<RegionDay[]> {
  if (!targets.length) return [];
  const params = [targets.map((t) => t.regionCode), targets.map((t) => t.day)];
  const days = targets.map((t) => t.day).sort();
  const bounded = [...params, days[0], days[days.length - 1]];
  // The provinces' old days go with the others: nothing reads them before they are refreshed.
  await db.query(clear(`${CITY_AND_COUNTY_TARGETS} UNION ${PROVINCE_TARGETS}`), params);
  // Cities and counties first: a province averages its cities' fresh days.
  const local: RefreshedDay[] = await db.query(REFRESH_CITIES_AND_COUNTIES, bounded);
  // The cities' and counties' figures are computed while PostgreSQL refreshes the provinces: a callback of
  // setImmediate runs once the statement has been handed to the connection, which the work would otherwise hold up.
  const [provinces, localFigures] = await Promise.all([
    db.query(REFRESH_PROVINCES, bounded) as Promise<RefreshedDay[]>,
    new Promise<DayFigures[]>((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(local.map(figuresOf));
        } catch (error) {
          reject(error);
        }
      }),
    ),
  ]);
  const refreshed = [...local, ...provinces];
  await writeFigures(db, refreshed, [...localFigures, ...provinces.map(figuresOf)]);
  return refreshed.map((r) => ({ regionCode: r.region_code, day: r.day }));
}

/** Queues region-days (one statement) and says which queue entries this write added. */
const queue = (db: Queryable, regionDays: string, params: unknown[]) => queueEntries(db, 'region_day_queue', ['region_code', 'day'], regionDays, params);

/** After hourly rows changed: queues the days of every region they feed. */
export async function queueAfterHours(db: Queryable, changed: ChangedSeriesDay[]): Promise<QueuedWork | undefined> {
  // Which regions an hour feeds depends on where its station and region sit. Share-lock those rows and their
  // ancestors first: a concurrent move of one of them (an UPDATE) then waits for this write, or this write for it,
  // and whichever comes second sees the other's rows — else the region a station moved to could miss an hour.
  await db.query(
    `WITH series_regions AS (
       SELECT region_code FROM air_stations WHERE code = ANY($1::text[]) FOR SHARE
     )
     SELECT 1 FROM regions WHERE code IN (
       SELECT a.code FROM (SELECT region_code FROM series_regions UNION SELECT unnest($2::text[])) g (code)
       CROSS JOIN LATERAL region_ancestors(g.code) a
     ) FOR SHARE`,
    [changed.map((k) => k.station_code).filter((c) => c !== null), changed.map((k) => k.region_code).filter((c) => c !== null)],
  );
  return queue(db, AFFECTED_REGION_DAYS, [changed.map((k) => k.station_code), changed.map((k) => k.region_code), changed.map((k) => k.day)]);
}

/**
 * After stations or regions changed (control level, region, parent): queues every day of every region whose
 * evaluation set may have changed — the given regions and their ancestors, before and after the change. Rare and
 * heavier.
 */
export async function queueRegionsEverywhere(db: Queryable, regionCodes: string[]): Promise<QueuedWork | undefined> {
  if (!regionCodes.length) return undefined;
  return queue(
    db,
    `WITH scope AS (SELECT DISTINCT a.code FROM unnest($1::text[]) AS g (code) CROSS JOIN LATERAL region_ancestors(g.code) a)
     SELECT d.region_code, d.day FROM region_days d JOIN scope ON d.region_code = scope.code
     UNION
     SELECT e.region_code, hub_day(a.observed_at)
       FROM scope JOIN region_evaluation_stations e ON e.region_code = scope.code
       JOIN air_quality_hourly a ON a.series_key = 'S:' || e.station_code
     UNION
     SELECT scope.code, hub_day(a.observed_at) FROM scope JOIN air_quality_hourly a ON a.series_key = 'R:' || scope.code`,
    [regionCodes],
  );
}

/** The rollup as the feeds reach it (through src/ingest/derived-data.ts): it owns region_days and their queue. */
export const REGION_DAY_QUEUE: DerivedDataQueue = { afterHours: queueAfterHours, afterRegionsChanged: queueRegionsEverywhere };

/** The region-day rollup's queue: what its drainer recomputes (`ingest/queued-rollup.ts`). */
export const REGION_DAYS: RollupQueue = {
  name: 'region-day rollup',
  table: 'region_day_queue',
  lock: 7_301_774_062,
  passEntries: 1000,
  // A day reads its stamps from 01:00 of the day through 00:00 of the next.
  source: { table: 'air_quality_hourly', earliestRow: 'hub_first_stamp(day)' },
  async refresh(tx, taken) {
    const distinct = new Map(taken.map((t) => [`${t.region_code}|${t.day}`, { regionCode: t.region_code as string, day: t.day as string }]));
    const refreshed = await refreshRegionDays(tx, [...distinct.values()]);
    await announceLevelChanges(tx, refreshed, new Date());
  },
};
