import { DataSource } from 'typeorm';
import { Access, scopeCondition } from '../../auth/access';
import { badUserInput } from '../../errors';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { AirQualityObservation } from './air-quality.entity';
import { AirQualityObservationsArgs } from './air-quality.types';

const DATASET = 'air-quality-hourly';

export class AirQualityService {
  constructor(private readonly db: DataSource) {}

  /** Ordered by series (station, then region-reported values) and time, so a station's hours come in order. */
  async list(args: AirQualityObservationsArgs, access: Access): Promise<Page<AirQualityObservation>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 2);
    if (args.from && args.to && args.from > args.to) throw badUserInput('from is after to');
    const scope = await access.readScope(DATASET);
    if (args.regionCode) await access.assertRegion(DATASET, args.regionCode);
    const [inScope, scopeParams] = scopeCondition(scope, 'coalesce(a.region_code, (SELECT st.region_code FROM air_stations st WHERE st.code = a.station_code))');
    const filtered = () => {
      const qb = this.db.getRepository(AirQualityObservation).createQueryBuilder('a').where(inScope, scopeParams);
      if (args.stationCode) qb.andWhere('a.series_key = :series', { series: `S:${args.stationCode}` });
      if (args.regionCode) {
        qb.andWhere(
          `(a.station_code IN (SELECT s.code FROM air_stations s WHERE s.region_code IN (SELECT code FROM region_subtree(:region)))
            OR a.region_code IN (SELECT code FROM region_subtree(:region)))`,
          { region: args.regionCode },
        );
      }
      if (args.from) qb.andWhere('a.observed_at >= :from', { from: args.from });
      if (args.to) qb.andWhere('a.observed_at <= :to', { to: args.to });
      return qb;
    };
    const qb = filtered().orderBy('a.series_key').addOrderBy('a.observed_at').limit(limit + 1);
    if (after) {
      qb.andWhere('(a.series_key, a.observed_at) > (:afterSeries, :afterTime)', {
        afterSeries: after[0],
        afterTime: new Date(after[1]),
      });
    }
    const rows = await qb.getMany();
    access.recordRead(DATASET, Math.min(rows.length, limit));
    return toPage(rows, limit, (a) => [a.seriesKey, a.observedAt.getTime()], () => filtered().getCount());
  }
}
