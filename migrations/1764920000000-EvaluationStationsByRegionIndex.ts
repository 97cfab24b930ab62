import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `evaluation_stations_of` reads the stations of the region's subtree through their region index, the subtree given
 * as an array: joined to the subtree, the planner (which cannot size it) hashed every station once the country's
 * outnumber the province's (bench:history at 100×, 1,428 stations: 44 buffers for a city's two, 861 for the
 * overview's 21 cities), as freshness did before it read its referenced rows the same way. The array is of `root`'s
 * subtree, not the owner row's: computed once, where the owner's was walked again for every station the planner
 * filtered (a seq scan of a small table without statistics: 171 buffers for a city's two stations). Same answer.
 */
export class EvaluationStationsByRegionIndex1764920000000 implements MigrationInterface {
  name = 'EvaluationStationsByRegionIndex1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION evaluation_stations_of(root text) RETURNS TABLE (station_code text) LANGUAGE sql STABLE STRICT ROWS 20 AS $$
        SELECT st.code
        FROM regions owner
        JOIN air_stations st ON st.region_code = ANY (ARRAY(SELECT code FROM region_subtree(root)))
        WHERE owner.code = root AND owner.level IN ('CITY', 'COUNTY')
          AND (st.control_level = 'NATIONAL' OR (owner.level = 'COUNTY' AND st.control_level = 'PROVINCIAL'))
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION evaluation_stations_of(root text) RETURNS TABLE (station_code text) LANGUAGE sql STABLE STRICT ROWS 20 AS $$
        SELECT st.code
        FROM regions owner
        CROSS JOIN LATERAL region_subtree(owner.code) AS sub
        JOIN air_stations st ON st.region_code = sub.code
        WHERE owner.code = root AND owner.level IN ('CITY', 'COUNTY')
          AND (st.control_level = 'NATIONAL' OR (owner.level = 'COUNTY' AND st.control_level = 'PROVINCIAL'))
      $$`);
  }
}
