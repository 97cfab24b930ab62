import { DataSource } from 'typeorm';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { AirStation } from './air-station.entity';
import { AirStationsArgs } from './air-station.types';

export class AirStationService {
  constructor(private readonly db: DataSource) {}

  async list(args: AirStationsArgs): Promise<Page<AirStation>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 1);
    const filtered = () => {
      const qb = this.db.getRepository(AirStation).createQueryBuilder('s');
      if (args.regionCode) {
        qb.andWhere('s.region_code IN (SELECT code FROM region_subtree(:region))', { region: args.regionCode });
      }
      return qb;
    };
    const qb = filtered().orderBy('s.code').limit(limit + 1);
    if (after) qb.andWhere('s.code > :after', { after: after[0] });
    return toPage(await qb.getMany(), limit, (s) => [s.code], () => filtered().getCount());
  }
}
