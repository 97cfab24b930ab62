import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One vocabulary (docs/architecture.md, Naming): a declared dataset's columns are its fields in snake_case, so the
 * renamed fields rename their columns. A weather station is named by its code like an air station (`code`, and
 * `station_code` in its hours); a planned burn's times are instants like an alert's (`starts_at`, `ends_at`). The
 * indexes and the foreign key named after the old columns follow.
 */
const RENAMES: [table: string, from: string, to: string][] = [
  ['weather_stations', 'id', 'code'],
  ['weather_hourly', 'station_id', 'station_code'],
  ['planned_burns', 'planned_start', 'starts_at'],
  ['planned_burns', 'planned_end', 'ends_at'],
];
const INDEXES: [from: string, to: string][] = [['planned_burns_planned_start_idx', 'planned_burns_starts_at_idx']];
const CONSTRAINTS: [table: string, from: string, to: string][] = [['weather_hourly', 'weather_hourly_station_id_fkey', 'weather_hourly_station_code_fkey']];

export class OneVocabulary1764720000000 implements MigrationInterface {
  name = 'OneVocabulary1764720000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, from, to] of RENAMES) await q.query(`ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to}`);
    for (const [from, to] of INDEXES) await q.query(`ALTER INDEX ${from} RENAME TO ${to}`);
    for (const [table, from, to] of CONSTRAINTS) await q.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${from} TO ${to}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, from, to] of CONSTRAINTS) await q.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${to} TO ${from}`);
    for (const [from, to] of INDEXES) await q.query(`ALTER INDEX ${to} RENAME TO ${from}`);
    for (const [table, from, to] of RENAMES) await q.query(`ALTER TABLE ${table} RENAME COLUMN ${to} TO ${from}`);
  }
}
