import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { entitySelect } from '../platform/db/entity-select';
import { preparedRead } from '../platform/db/prepared';
import { JoinedEntity, joinSql, joinedRows } from '../platform/db/joined-entity';
import { Region } from './region.entity';
import { regionFeed } from './region.feed';

/** Per-request loaders: one query per list of regions however many a response needs. */
export function createRegionLoaders(db: DataSource, access: Access) {
  const select = entitySelect(db, Region, 'r');
  /** The regions the request has read: each is tallied once, whichever read found it (by code, joined, a parent, a child). */
  const tallied = new Set<string>();
  const tally = (rows: readonly Region[]) => {
    let found = 0;
    for (const r of rows) {
      if (tallied.has(r.code)) continue;
      tallied.add(r.code);
      found++;
    }
    access.recordRead('regions', found);
  };
  /** The regions the request has read, by code, whichever read found them. */
  const held = new Map<string, Region>();
  const hold = (rows: readonly Region[]) => {
    for (const r of rows) held.set(r.code, r);
  };
  const regionByCode = new DataLoader<string, Region | null>(async (codes) => {
    await access.readScope(regionFeed.dataset);
    const rows = await preparedRead<Region>(db, `SELECT ${select} FROM regions r WHERE r.code = ANY($1)`, [codes]);
    tally(rows);
    hold(rows);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => byCode.get(c) ?? null);
  });
  /** Regions a page reads along with its rows: checked, tallied and cached as `regionByCode` would have. */
  const regionJoined: JoinedEntity<Region> = {
    entity: Region,
    alias: 'joined_region',
    keyColumn: 'code',
    // Only an unlimited scope: a grant limited to some regions is the loader's to apply.
    permitted: () => access.readScope(regionFeed.dataset).then((scope) => scope.everywhere, () => false),
    found: (rows) => {
      tally(rows);
      hold(rows);
      for (const r of rows) regionByCode.prime(r.code, r);
    },
  };
  const parentJoined: JoinedEntity<Region> = { ...regionJoined, alias: 'joined_parent' };
  const withParent = joinSql(db, parentJoined, 'r.parent_code');
  /** As `regionByCode`, each with its parent read in the same statement, for an answer that shows the parent: both cached. */
  const regionWithParentByCode = new DataLoader<string, Region | null>(async (codes) => {
    await access.readScope(regionFeed.dataset);
    const rows = await preparedRead<Region>(db, `SELECT ${select}, ${withParent.select} FROM regions r ${withParent.join} WHERE r.code = ANY($1)`, [codes]);
    tally(rows);
    hold(rows);
    for (const r of rows) regionByCode.prime(r.code, r);
    parentJoined.found(joinedRows(db, parentJoined, rows));
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return codes.map((c) => byCode.get(c) ?? null);
  });
  return {
    regionByCode,
    /**
     * The region with this code: at once when the request has read it (a page's joined regions, a parent read along),
     * else through `regionByCode`. A field answered at once costs no promise (100 stations' regions were 100).
     */
    findRegion: (code: string): Region | Promise<Region | null> => held.get(code) ?? regionByCode.load(code),
    regionWithParentByCode,
    regionJoined,
    childrenByCode: new DataLoader<string, Region[]>(async (codes) => {
      await access.readScope(regionFeed.dataset);
      const rows = await preparedRead<Region>(db, `SELECT ${select} FROM regions r WHERE r.parent_code = ANY($1) ORDER BY r.code`, [codes]);
      tally(rows);
      return codes.map((c) => rows.filter((r) => r.parentCode === c));
    }),
  };
}

type RegionLoaders = ReturnType<typeof createRegionLoaders>;
declare module '../platform/context.type' {
  interface Loaders extends RegionLoaders {}
}
