import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { Page } from '../../platform/pagination';
import { scopedPage } from '../../datasets/scoped-page';
import { CityTarget } from './city-target.entity';
import { cityTargetFeed } from './city-target.feed';
import { CITY_TARGET_WHERE, CityTargetsArgs } from './city-target.types';

const DATASET = cityTargetFeed.dataset;

export class CityTargetService {
  constructor(private readonly db: DataSource) {}

  list(args: CityTargetsArgs, access: Access): Promise<Page<CityTarget>> {
    return scopedPage({
      db: this.db,
      access,
      dataset: DATASET,
      args,
      entity: CityTarget,
      alias: 't',
      regionColumn: 't.region_code',
      filters: (bind) => [args.periodKind && `t.period_kind = ${bind(args.periodKind)}`],
      where: (bind) => CITY_TARGET_WHERE.compile(args.where, bind),
      order: {
        list: 'city-targets',
        columns: [
          { sql: 't.region_code', part: 'text' },
          { sql: 't.period_kind', part: 'text' },
          { sql: 't.period', part: 'text' },
        ],
      },
      keyOf: (t) => [t.regionCode, t.periodKind, t.period],
    });
  }

  async find(access: Access, regionCode: string, periodKind: string, period: string): Promise<CityTarget | null> {
    await access.assertRegion(DATASET, regionCode);
    const target = await this.db.getRepository(CityTarget).findOneBy({ regionCode, periodKind: periodKind as CityTarget['periodKind'], period });
    access.recordRead(DATASET.id, target ? 1 : 0);
    return target;
  }
}

declare module '../../platform/context.type' {
  interface Services {
    cityTargets: CityTargetService;
  }
}
