import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { Page } from '../../platform/pagination';
import { scopedPage } from '../../datasets/scoped-page';
import { AirStation } from './air-station.entity';
import { AirStationsArgs } from './air-station.types';

export class AirStationService {
  constructor(private readonly db: DataSource) {}

  list(args: AirStationsArgs, access: Access): Promise<Page<AirStation>> {
    return scopedPage({
      access,
      dataset: 'air-stations',
      args,
      regionColumn: 's.region_code',
      query: () => this.db.getRepository(AirStation).createQueryBuilder('s'),
      key: { columns: ['s.code'], parts: ['text'], of: (s) => [s.code] },
    });
  }
}
