import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest row of a region's subtree (a dataset's freshness, `regions/latest-in-regions.ts`) is one backward
 * index scan per region when the table's region index carries the time: for the event tables keyed by an id
 * (hot spots, violations) the region-only index becomes (region_code, time). And `region_subtree` tells the planner
 * it returns about 10 rows (a county, a city's few counties), so that a lookup per region stays a nested loop of
 * index scans rather than a scan of the table per region. Inlined, its recursive query was estimated at hundreds of
 * rows whatever ROWS said: STRICT (a null root has no subtree anyway) keeps the planner from inlining it.
 */
export class FreshnessByRegion1764600000000 implements MigrationInterface {
  name = 'FreshnessByRegion1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX fire_hotspots_region_code_detected_at_idx ON fire_hotspots (region_code, detected_at)');
    await q.query('DROP INDEX fire_hotspots_region_code_idx');
    await q.query('CREATE INDEX vehicle_violations_region_code_occurred_at_idx ON vehicle_violations (region_code, occurred_at)');
    await q.query('DROP INDEX vehicle_violations_region_code_idx');
    await q.query('ALTER FUNCTION region_subtree(text) STRICT ROWS 10');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER FUNCTION region_subtree(text) CALLED ON NULL INPUT ROWS 1000');
    await q.query('CREATE INDEX vehicle_violations_region_code_idx ON vehicle_violations (region_code)');
    await q.query('DROP INDEX vehicle_violations_region_code_occurred_at_idx');
    await q.query('CREATE INDEX fire_hotspots_region_code_idx ON fire_hotspots (region_code)');
    await q.query('DROP INDEX fire_hotspots_region_code_detected_at_idx');
  }
}
