import { DataSource } from 'typeorm';
import { Access, scopeCondition } from '../../auth/access';
import { Page, decodeCursor, pageSize, toPage } from '../../core/pagination';
import { CityTarget } from './city-target.entity';
import { CityTargetsArgs } from './city-target.types';

const DATASET = 'city-targets';

export class CityTargetService {
  constructor(private readonly db: DataSource) {}

  async list(args: CityTargetsArgs, access: Access): Promise<Page<CityTarget>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 3);
    const scope = await access.readScope(DATASET);
    if (args.regionCode) await access.assertRegion(DATASET, args.regionCode);
    const filtered = () => {
      const qb = this.db.getRepository(CityTarget).createQueryBuilder('t').where(...scopeCondition(scope, 't.region_code'));
      if (args.regionCode) qb.andWhere('t.region_code IN (SELECT code FROM region_subtree(:region))', { region: args.regionCode });
      if (args.periodKind) qb.andWhere('t.period_kind = :kind', { kind: args.periodKind });
      return qb;
    };
    const qb = filtered().orderBy('t.region_code').addOrderBy('t.period_kind').addOrderBy('t.period').limit(limit + 1);
    if (after) {
      qb.andWhere('(t.region_code, t.period_kind, t.period) > (:r, :k, :p)', { r: after[0], k: after[1], p: after[2] });
    }
    const rows = await qb.getMany();
    access.recordRead(DATASET, Math.min(rows.length, limit));
    return toPage(rows, limit, (t) => [t.regionCode, t.periodKind, t.period], () => filtered().getCount());
  }

  async find(access: Access, regionCode: string, periodKind: string, period: string): Promise<CityTarget | null> {
    await access.assertRegion(DATASET, regionCode);
    const target = await this.db.getRepository(CityTarget).findOneBy({ regionCode, periodKind: periodKind as CityTarget['periodKind'], period });
    access.recordRead(DATASET, target ? 1 : 0);
    return target;
  }
}
