import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { badUserInput } from '../../platform/errors';
import { Page } from '../../platform/pagination';
import { scopedPage } from '../../datasets/scoped-page';
import { ShownColumns } from '../../platform/db/shown-columns';
import { AirQualityObservation } from './air-quality.entity';
import { airQualityFeed } from './air-quality.feed';
import { AIR_QUALITY_ORDER, AIR_QUALITY_WHERE, AirQualityObservationsArgs } from './air-quality.types';

export class AirQualityService {
  constructor(private readonly db: DataSource) {}

  /**
   * By default ordered by series (station, then region-reported values) and time, so a station's hours come in order.
   * `shown`: what the client's selection reads of an hour (platform/db/shown-columns.ts), else every column.
   */
  list(args: AirQualityObservationsArgs, access: Access, shown?: ShownColumns): Promise<Page<AirQualityObservation>> {
    if (args.from && args.to && args.from > args.to) throw badUserInput('from is after to');
    const order = AIR_QUALITY_ORDER.order(args.orderBy);
    return scopedPage({
      db: this.db,
      access,
      dataset: airQualityFeed.dataset,
      args,
      entity: AirQualityObservation,
      alias: 'a',
      regionColumn: 'coalesce(a.region_code, (SELECT st.region_code FROM air_stations st WHERE st.code = a.station_code))',
      // The series of the region's stations and of its own reported values: primary-key lookups, not a scan.
      regionFilter: (region) =>
        `a.series_key IN (SELECT 'S:' || s.code FROM air_stations s WHERE s.region_code IN (SELECT code FROM region_subtree(${region}))
                          UNION ALL SELECT 'R:' || code FROM region_subtree(${region}))`,
      filters: (bind) => [
        args.stationCode && `a.series_key = ${bind(`S:${args.stationCode}`)}`,
        args.from && `a.observed_at >= ${bind(args.from)}`,
        args.to && `a.observed_at <= ${bind(args.to)}`,
      ],
      where: (bind) => AIR_QUALITY_WHERE.compile(args.where, bind),
      order,
      shown,
      keyOf: (a) => order.columns.map((c) => (c.sql === 'a.series_key' ? a.seriesKey : a.observedAt.toISOString())),
    });
  }
}

declare module '../../platform/context.type' {
  interface Services {
    airQuality: AirQualityService;
  }
}
