import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluation stations of one region (indicators §2), as a function: `region_evaluation_stations` walks the subtree
 * of every city and county before a `WHERE region_code = …` can apply (its recursive CTE is a fence), so each day
 * indicator read that whole walk, a cost growing with the province's regions. The function walks the one region's
 * subtree (region_subtree, its index). The view stays for the rollup's set-based joins by station, which want the
 * one walk over all regions; integration/indicators.spec.ts checks both agree for every region.
 */
export class EvaluationStationsOfARegion1764900000000 implements MigrationInterface {
  name = 'EvaluationStationsOfARegion1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // §2, as the view states it: a CITY's NATIONAL stations anywhere in its subtree; a COUNTY's NATIONAL and
    // PROVINCIAL ones; no other level has any.
    await q.query(`
      CREATE FUNCTION evaluation_stations_of(root text) RETURNS TABLE (station_code text) LANGUAGE sql STABLE STRICT ROWS 20 AS $$
        SELECT st.code
        FROM regions owner
        CROSS JOIN LATERAL region_subtree(owner.code) AS sub
        JOIN air_stations st ON st.region_code = sub.code
        WHERE owner.code = root AND owner.level IN ('CITY', 'COUNTY')
          AND (st.control_level = 'NATIONAL' OR (owner.level = 'COUNTY' AND st.control_level = 'PROVINCIAL'))
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION evaluation_stations_of(text)');
  }
}
