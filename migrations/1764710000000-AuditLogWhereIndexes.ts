import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's `where` (and the deprecated `filter`) names only indexed columns: department, key, operation and
 * outcome each lead a btree before the id, so a page of them newest first reads its index from the end; an entry's
 * datasets, read or written, are found by a GIN index on both arrays together. The GIN index on datasets_read alone
 * stays for the dataset access log.
 */
const INDEXES: [name: string, definition: string][] = [
  ['audit_log_department_id_idx', '(department, id)'],
  ['audit_log_key_id_id_idx', '(key_id, id)'],
  ['audit_log_operation_id_idx', '(operation, id)'],
  ['audit_log_outcome_id_idx', '(outcome, id)'],
  ['audit_log_datasets_idx', 'USING gin ((datasets_read || datasets_written))'],
];

export class AuditLogWhereIndexes1764710000000 implements MigrationInterface {
  name = 'AuditLogWhereIndexes1764710000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON audit_log ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX ${name}`);
  }
}
