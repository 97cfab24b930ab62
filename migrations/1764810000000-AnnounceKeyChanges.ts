import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hub processes remember a verified API key for a few seconds. A key revoked, rotated, given other rights or deleted
 * is announced by its id on `lantian_keys` when the change commits (nothing on rollback), whoever made it (a hub
 * process, the CLI, plain SQL), so every process forgets it at once (src/admin/api-key.service.ts). `last_used_at`,
 * written as keys are used, announces nothing.
 */
export class AnnounceKeyChanges1764810000000 implements MigrationInterface {
  name = 'AnnounceKeyChanges1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION api_keys_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('lantian_keys', OLD.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER api_keys_announce_change
      AFTER UPDATE OF revoked_at, secret_hash, previous_secret_hash, previous_valid_until, department, role OR DELETE
      ON api_keys FOR EACH ROW EXECUTE FUNCTION api_keys_announce_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER api_keys_announce_change ON api_keys');
    await q.query('DROP FUNCTION api_keys_announce_change()');
  }
}
