import { DataSource } from 'typeorm';
import { Access } from '../../auth/access';
import { Page, pageSize, decodeCursor, toPage } from '../pagination';
import { Region } from './region.entity';
import { RegionsArgs } from './region.types';

export class RegionService {
  constructor(private readonly db: DataSource) {}

  async list(args: RegionsArgs, access: Access): Promise<Page<Region>> {
    await access.readScope('regions');
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 1);
    const filtered = () => {
      const qb = this.db.getRepository(Region).createQueryBuilder('r');
      if (args.parentCode) qb.andWhere('r.parent_code = :parent', { parent: args.parentCode });
      if (args.level) qb.andWhere('r.level = :level', { level: args.level });
      return qb;
    };
    const qb = filtered().orderBy('r.code').limit(limit + 1);
    if (after) qb.andWhere('r.code > :after', { after: after[0] });
    const rows = await qb.getMany();
    access.recordRead('regions', Math.min(rows.length, limit));
    return toPage(rows, limit, (r) => [r.code], () => filtered().getCount());
  }
}
