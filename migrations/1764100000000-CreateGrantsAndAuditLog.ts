import { MigrationInterface, QueryRunner } from 'typeorm';

const DEPARTMENTS = "'ECOLOGY','ECONOMY','HOUSING','PUBLIC_SECURITY','FORESTRY','METEOROLOGY','COMMAND_CENTER'";

export class CreateGrantsAndAuditLog1764100000000 implements MigrationInterface {
  name = 'CreateGrantsAndAuditLog1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sharing_grants (
        id           uuid PRIMARY KEY,
        dataset      text NOT NULL,
        grantee      text NOT NULL CHECK (grantee IN (${DEPARTMENTS})),
        region_codes text[] CHECK (cardinality(region_codes) > 0),
        reason       text NOT NULL CHECK (length(trim(reason)) > 0),
        expires_at   timestamptz,
        granted_by   text NOT NULL REFERENCES api_keys (id),
        granted_at   timestamptz NOT NULL DEFAULT now(),
        revoked_at   timestamptz,
        revoked_by   text REFERENCES api_keys (id)
      )`);
    await q.query(`CREATE INDEX sharing_grants_grantee_idx ON sharing_grants (grantee, dataset) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE audit_log (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at               timestamptz NOT NULL,
        key_id           text,
        department       text,
        role             text,
        operation        text,
        operation_type   text,
        datasets_read    text[] NOT NULL DEFAULT '{}',
        datasets_written text[] NOT NULL DEFAULT '{}',
        rows_read        int NOT NULL DEFAULT 0,
        reads            jsonb NOT NULL DEFAULT '{}',
        rows_accepted    int NOT NULL DEFAULT 0,
        rows_rejected    int NOT NULL DEFAULT 0,
        duration_ms      double precision NOT NULL,
        outcome          text NOT NULL CHECK (outcome IN ('OK', 'ERROR')),
        error_code       text,
        http_status      int
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`CREATE INDEX audit_log_datasets_read_idx ON audit_log USING gin (datasets_read)`);
    // Append-only, as a message log must be: nobody, not even the hub itself, rewrites history.
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);

    // The catalog's freshness: the latest observation time each batch carried.
    await q.query(`ALTER TABLE ingest_batches ADD COLUMN max_observed_at timestamptz`);

    // Rotation: the previous secret stays valid until its grace period ends.
    await q.query(`ALTER TABLE api_keys ADD COLUMN previous_secret_hash bytea, ADD COLUMN previous_valid_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN previous_secret_hash, DROP COLUMN previous_valid_until`);
    await q.query(`ALTER TABLE ingest_batches DROP COLUMN max_observed_at`);
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_log_is_append_only()');
    await q.query('DROP TABLE sharing_grants');
  }
}
