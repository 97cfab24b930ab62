import { DataSource } from 'typeorm';
import { MonthTarget, TargetsSource } from '../../indicators/ports';

/** The monthly scores' view of the targets: this feed owns city_targets. */
export class CityTargetSource implements TargetsSource {
  constructor(private readonly db: DataSource) {}

  monthTargets(month: string, regionCodes: readonly string[]): Promise<MonthTarget[]> {
    return this.db.query(
      `SELECT region_code, pm25_target, good_day_ratio_target FROM city_targets
       WHERE period_kind = 'MONTH' AND period = $1 AND region_code = ANY($2::text[])`,
      [month, regionCodes],
    );
  }
}
