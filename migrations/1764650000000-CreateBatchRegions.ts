import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The regions each batch published into, so that a dataset's latest publication in a region (the freshness of
 * reference data and of planned times: an alert's start, a burn's planned day) is one backward probe of
 * (dataset, region, time) instead of a scan of the region's rows and their batches, which grew with the history.
 * Filled from the rows already stored: each table's rows with their region and batch.
 */
export class CreateBatchRegions1764650000000 implements MigrationInterface {
  name = 'CreateBatchRegions1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE batch_regions (
        dataset     text NOT NULL,
        region_code text NOT NULL,
        received_at timestamptz NOT NULL,
        batch_id    uuid NOT NULL REFERENCES ingest_batches (id),
        PRIMARY KEY (dataset, region_code, received_at, batch_id)
      )`);
    const tables: { table_name: string }[] = await q.query(`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name IN ('region_code', 'batch_id')
      GROUP BY table_name HAVING count(*) = 2`);
    const sources = [...tables.map((t) => ({ table: t.table_name, region: 'region_code' })), { table: 'regions', region: 'code' }];
    for (const { table, region } of sources) {
      await q.query(`
        INSERT INTO batch_regions (dataset, region_code, received_at, batch_id)
        SELECT DISTINCT b.dataset, t.${region}, b.received_at, b.id FROM ${table} t JOIN ingest_batches b ON b.id = t.batch_id
        WHERE t.${region} IS NOT NULL
        ON CONFLICT DO NOTHING`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE batch_regions');
  }
}
