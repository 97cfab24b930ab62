import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { Page } from '../platform/pagination';
import { scopedPage } from '../datasets/scoped-page';
import { assertRegionExists } from './region.queries';
import { Region } from './region.entity';
import { regionFeed } from './region.feed';
import { REGION_WHERE, RegionsArgs } from './region.types';

export class RegionService {
  constructor(private readonly db: DataSource) {}

  async list(args: RegionsArgs, access: Access): Promise<Page<Region>> {
    if (args.parentCode) await assertRegionExists(this.db, 'parentCode', args.parentCode);
    return scopedPage({
      db: this.db,
      access,
      dataset: regionFeed.dataset,
      args: { first: args.first, after: args.after, last: args.last, before: args.before },
      entity: Region,
      alias: 'r',
      regionColumn: 'r.code',
      filters: (bind) => [args.parentCode && `r.parent_code = ${bind(args.parentCode)}`, args.level && `r.level = ${bind(args.level)}`],
      where: (bind) => REGION_WHERE.compile(args.where, bind),
      order: { list: 'regions', columns: [{ sql: 'r.code', part: 'text' }] },
      keyOf: (r) => [r.code],
    });
  }
}

declare module '../platform/context.type' {
  interface Services {
    regions: RegionService;
  }
}
