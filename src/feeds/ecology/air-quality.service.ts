import { DataSource } from 'typeorm';
import { badUserInput } from '../../errors';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { AirQualityObservation } from './air-quality.entity';
import { AirQualityObservationsArgs } from './air-quality.types';

export class AirQualityService {
  constructor(private readonly db: DataSource) {}

  /** Ordered by series (station, then region-reported values) and time, so a station's hours come in order. */
  async list(args: AirQualityObservationsArgs): Promise<Page<AirQualityObservation>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 2);
    if (args.from && args.to && args.from > args.to) throw badUserInput('from is after to');
    const filtered = () => {
      const qb = this.db.getRepository(AirQualityObservation).createQueryBuilder('a');
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
    return toPage(await qb.getMany(), limit, (a) => [a.seriesKey, a.observedAt.getTime()], () => filtered().getCount());
  }
}
