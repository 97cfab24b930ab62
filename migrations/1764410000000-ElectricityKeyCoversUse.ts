import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The electricity of an enterprise over a window (§5.1, §5.2) is read by its primary key, an enterprise at a time:
 * carrying the kWh in the key's index makes each window one index-only range scan instead of a heap visit per day
 * (rows arrive day by day, so an enterprise's days lie on as many heap pages).
 */
export class ElectricityKeyCoversUse1764410000000 implements MigrationInterface {
  name = 'ElectricityKeyCoversUse1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprise_electricity_daily DROP CONSTRAINT enterprise_electricity_daily_pkey,
                   ADD PRIMARY KEY (credit_code, date) INCLUDE (electricity)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enterprise_electricity_daily DROP CONSTRAINT enterprise_electricity_daily_pkey, ADD PRIMARY KEY (credit_code, date)`);
  }
}
