import { MigrationInterface, QueryRunner } from 'typeorm';

/** A write's own audit entry, stored in the write's transaction, names its batch. */
export class AuditBatchEntries1764310000000 implements MigrationInterface {
  name = 'AuditBatchEntries1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE audit_log ADD COLUMN batch_id uuid');
    await q.query('CREATE INDEX audit_log_batch_id_idx ON audit_log (batch_id) WHERE batch_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX audit_log_batch_id_idx');
    await q.query('ALTER TABLE audit_log DROP COLUMN batch_id');
  }
}
