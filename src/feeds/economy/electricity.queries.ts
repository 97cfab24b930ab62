import type { Queryable } from '../../platform/db/queryable';

/** Economy's statements for the joint indicators (§5.1, §5.2): its enterprises and their daily electricity. */

/**
 * Electricity per enterprise of each region's subtree and per window: reported days and their kWh; one statement.
 * The enterprises are found first (MATERIALIZED: the planner cannot size a subtree and would otherwise read every
 * enterprise's days in the windows), then each window of each is one index-only range scan of the key.
 */
export async function electricityByWindow(
  db: Queryable,
  regionCodes: readonly string[],
  windows: readonly { from: string; to: string }[],
): Promise<{ region: string; creditCode: string; window: number; reportedDays: number; kwh: number }[]> {
  const rows: { region: string; credit_code: string; window: string; days: number; kwh: number }[] = await db.query(
    `WITH e AS MATERIALIZED (
       SELECT r.code AS region, e.credit_code
       FROM unnest($1::text[]) AS r (code) CROSS JOIN LATERAL region_subtree(r.code) s JOIN enterprises e ON e.region_code = s.code
     )
     SELECT e.region, e.credit_code, w.i AS window, u.days, u.kwh
     FROM e
     CROSS JOIN unnest($2::date[], $3::date[]) WITH ORDINALITY AS w (first, last, i)
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS days, sum(d.electricity) AS kwh FROM enterprise_electricity_daily d
       WHERE d.credit_code = e.credit_code AND d.date BETWEEN w.first AND w.last
     ) u
     WHERE u.days > 0`,
    [regionCodes, windows.map((w) => w.from), windows.map((w) => w.to)],
  );
  return rows.map((r) => ({ region: r.region, creditCode: r.credit_code, window: Number(r.window) - 1, reportedDays: r.days, kwh: r.kwh }));
}

/** The enterprises of a region's subtree on the emergency control list, grade A (exempt) left out. */
export async function controlledEnterprises(db: Queryable, regionCode: string): Promise<{ creditCode: string; performanceGrade: string }[]> {
  return db.query(
    `SELECT credit_code AS "creditCode", performance_grade AS "performanceGrade" FROM enterprises
     WHERE on_emergency_control_list AND performance_grade <> 'A' AND region_code IN (SELECT code FROM region_subtree($1))
     ORDER BY credit_code`,
    [regionCode],
  );
}

/** Daily kWh of some enterprises over [from, to]. */
export async function dailyElectricity(db: Queryable, creditCodes: readonly string[], from: string, to: string): Promise<{ creditCode: string; date: string; kwh: number }[]> {
  if (!creditCodes.length) return [];
  return db.query(
    `SELECT credit_code AS "creditCode", date, electricity AS kwh FROM enterprise_electricity_daily
     WHERE credit_code = ANY($1::text[]) AND date BETWEEN $2::date AND $3::date`,
    [creditCodes, from, to],
  );
}
