import type { Queryable } from '../../platform/db/queryable';

/** Economy's statements for the joint indicators (§5.1, §5.2): its enterprises and their daily electricity. */

/**
 * Electricity per enterprise of each region's subtree and per window: reported days and their kWh; one statement.
 * The enterprises are found first (MATERIALIZED: the planner cannot size a subtree and would otherwise read every
 * enterprise's days in the windows), through their region index, the subtree given as an array (joined to the
 * subtree, the planner hashed every enterprise of the table: 6,800 at bench:history's 100× for the province's 200;
 * OFFSET 0 keeps it a subquery per region, where the array is walked once, not again for every enterprise a join
 * filters), then each window of each is one index-only range scan of the key. Each window is
 * a branch of its own whose bounds the planner knows, so that it plans the window's months of the partitioned table,
 * not all of them for every enterprise (whose summed cost, at a few years of months, set off JIT compilation: a
 * second per call).
 */
export async function electricityByWindow(
  db: Queryable,
  regionCodes: readonly string[],
  windows: readonly { from: string; to: string }[],
): Promise<{ region: string; creditCode: string; window: number; reportedDays: number; kwh: number }[]> {
  if (!windows.length) return [];
  const branches = windows.map(
    (_, i) => `SELECT e.region, e.credit_code, ${i} AS window, u.days, u.kwh FROM e
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS days, sum(d.electricity) AS kwh FROM enterprise_electricity_daily d
       WHERE d.credit_code = e.credit_code AND d.date BETWEEN $${2 + 2 * i}::date AND $${3 + 2 * i}::date
     ) u
     WHERE u.days > 0`,
  );
  const rows: { region: string; credit_code: string; window: number; days: number; kwh: number }[] = await db.query(
    `WITH e AS MATERIALIZED (
       SELECT r.code AS region, e.credit_code
       FROM unnest($1::text[]) AS r (code)
       CROSS JOIN LATERAL (SELECT e.credit_code FROM enterprises e WHERE e.region_code = ANY (ARRAY(SELECT code FROM region_subtree(r.code))) OFFSET 0) e
     )
     ${branches.join(' UNION ALL ')}`,
    [regionCodes, ...windows.flatMap((w) => [w.from, w.to])],
  );
  return rows.map((r) => ({ region: r.region, creditCode: r.credit_code, window: r.window, reportedDays: r.days, kwh: r.kwh }));
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
