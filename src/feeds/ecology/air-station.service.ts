import { DataSource } from 'typeorm';
import { Access, scopeCondition } from '../../auth/access';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { AirStation } from './air-station.entity';
import { AirStationsArgs } from './air-station.types';

const DATASET = 'air-stations';

export class AirStationService {
  constructor(private readonly db: DataSource) {}

  async list(args: AirStationsArgs, access: Access): Promise<Page<AirStation>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 1);
    const scope = await access.readScope(DATASET);
    if (args.regionCode) await access.assertRegion(DATASET, args.regionCode);
    const filtered = () => {
      const qb = this.db.getRepository(AirStation).createQueryBuilder('s').where(...scopeCondition(scope, 's.region_code'));
      if (args.regionCode) {
        qb.andWhere('s.region_code IN (SELECT code FROM region_subtree(:region))', { region: args.regionCode });
      }
      return qb;
    };
    const qb = filtered().orderBy('s.code').limit(limit + 1);
    if (after) qb.andWhere('s.code > :after', { after: after[0] });
    const rows = await qb.getMany();
    access.recordRead(DATASET, Math.min(rows.length, limit));
    return toPage(rows, limit, (s) => [s.code], () => filtered().getCount());
  }
}
