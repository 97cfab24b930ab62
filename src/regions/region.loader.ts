import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { Region } from './region.entity';
import { regionFeed } from './region.feed';

/** Per-request loaders: one query per list of regions however many a response needs. */
export function createRegionLoaders(db: DataSource, access: Access) {
  const repo = db.getRepository(Region);
  return {
    regionByCode: new DataLoader<string, Region | null>(async (codes) => {
      await access.readScope(regionFeed.dataset);
      const rows = await repo.createQueryBuilder('r').where('r.code = ANY(:codes)', { codes }).getMany();
      access.recordRead('regions', rows.length);
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
    childrenByCode: new DataLoader<string, Region[]>(async (codes) => {
      await access.readScope(regionFeed.dataset);
      const rows = await repo
        .createQueryBuilder('r')
        .where('r.parent_code = ANY(:codes)', { codes })
        .orderBy('r.code')
        .getMany();
      access.recordRead('regions', rows.length);
      return codes.map((c) => rows.filter((r) => r.parentCode === c));
    }),
  };
}

type RegionLoaders = ReturnType<typeof createRegionLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends RegionLoaders {}
}
