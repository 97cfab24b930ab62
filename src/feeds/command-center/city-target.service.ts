import { DataSource } from 'typeorm';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { CityTarget } from './city-target.entity';
import { CityTargetsArgs } from './city-target.types';

export class CityTargetService {
  constructor(private readonly db: DataSource) {}

  async list(args: CityTargetsArgs): Promise<Page<CityTarget>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 3);
    const filtered = () => {
      const qb = this.db.getRepository(CityTarget).createQueryBuilder('t');
      if (args.regionCode) qb.andWhere('t.region_code IN (SELECT code FROM region_subtree(:region))', { region: args.regionCode });
      if (args.periodKind) qb.andWhere('t.period_kind = :kind', { kind: args.periodKind });
      return qb;
    };
    const qb = filtered().orderBy('t.region_code').addOrderBy('t.period_kind').addOrderBy('t.period').limit(limit + 1);
    if (after) {
      qb.andWhere('(t.region_code, t.period_kind, t.period) > (:r, :k, :p)', { r: after[0], k: after[1], p: after[2] });
    }
    return toPage(await qb.getMany(), limit, (t) => [t.regionCode, t.periodKind, t.period], () => filtered().getCount());
  }

  find(regionCode: string, periodKind: string, period: string): Promise<CityTarget | null> {
    return this.db.getRepository(CityTarget).findOneBy({ regionCode, periodKind: periodKind as CityTarget['periodKind'], period });
  }
}
