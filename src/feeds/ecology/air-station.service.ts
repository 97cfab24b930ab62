import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { Page } from '../../platform/pagination';
import { scopedPage } from '../../datasets/scoped-page';
import { AirStation } from './air-station.entity';
import { airStationFeed } from './air-station.feed';
import { AirStationsArgs } from './air-station.types';

export class AirStationService {
  constructor(private readonly db: DataSource) {}

  list(args: AirStationsArgs, access: Access): Promise<Page<AirStation>> {
    return scopedPage({
      access,
      dataset: airStationFeed.dataset,
      args,
      regionColumn: 's.region_code',
      query: () => this.db.getRepository(AirStation).createQueryBuilder('s'),
      order: { list: 'air-stations', columns: [{ sql: 's.code', part: 'text' }] },
      keyOf: (s) => [s.code],
    });
  }
}

declare module '../../platform/context.type' {
  interface Services {
    airStations: AirStationService;
  }
}
