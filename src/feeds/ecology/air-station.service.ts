import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { Page } from '../../platform/pagination';
import { scopedPage } from '../../datasets/scoped-page';
import { ShownColumns } from '../../platform/db/shown-columns';
import { JoinedEntity } from '../../platform/db/joined-entity';
import { Region } from '../../regions/region.entity';
import { AirStation } from './air-station.entity';
import { airStationFeed } from './air-station.feed';
import { AIR_STATION_ORDER, AIR_STATION_WHERE, AirStationsArgs } from './air-station.types';

export class AirStationService {
  constructor(private readonly db: DataSource) {}

  /**
   * `region`: given when the client asks for each station's region, which the page then reads in its statement;
   * `shown`: what the client's selection reads of a station (platform/db/shown-columns.ts), else every column.
   */
  list(args: AirStationsArgs, access: Access, region?: JoinedEntity<Region>, shown?: ShownColumns): Promise<Page<AirStation>> {
    const order = AIR_STATION_ORDER.order(args.orderBy);
    return scopedPage({
      db: this.db,
      access,
      dataset: airStationFeed.dataset,
      args,
      entity: AirStation,
      alias: 's',
      regionColumn: 's.region_code',
      where: (bind) => AIR_STATION_WHERE.compile(args.where, bind),
      order,
      keyOf: (s) => order.columns.map((c) => (c.sql === 's.region_code' ? s.regionCode : s.code)),
      shown,
      joins: region && [{ entity: region, on: 's.region_code' }],
    });
  }
}

declare module '../../platform/context.type' {
  interface Services {
    airStations: AirStationService;
  }
}
