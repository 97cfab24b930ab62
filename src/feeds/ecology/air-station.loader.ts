import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { Access } from '../../access/access';
import { KeysetOrder, Page, PageArgs, PageRequest, beyondSql, pageRequest, toPage } from '../../platform/pagination';
import { entitySelect } from '../../platform/db/entity-select';
import { preparedRead } from '../../platform/db/prepared';
import { AirStation } from './air-station.entity';
import { airStationFeed } from './air-station.feed';

export interface StationPageKey extends PageArgs {
  regionCode: string;
}

/** Per-request loaders for stations, including one page of stations per region for a whole list of regions. */
const DATASET = airStationFeed.dataset;

/** A region's stations by code (the order of the `airStations` list: the same cursors). */
const BY_CODE: KeysetOrder = { list: 'air-stations', columns: [{ sql: 's.code', part: 'text' }] };

export function createAirStationLoaders(db: DataSource, access: Access) {
  const columns = entitySelect(db, AirStation, 's');
  return {
    /** A station the caller may not read is an error for that key alone: the same whether it exists or not (`unseenByKey`). */
    stationByCode: new DataLoader<string, AirStation | null>(async (codes) => {
      const scope = await access.readScope(DATASET);
      const rows = await preparedRead<AirStation>(db, `SELECT ${columns} FROM air_stations s WHERE s.code = ANY($1)`, [codes]);
      const allowed = await access.regionsWithin(DATASET, [...new Set(rows.map((s) => s.regionCode))]);
      const visible = new Map(rows.filter((s) => allowed.has(s.regionCode)).map((s) => [s.code, s]));
      access.recordRead(DATASET.id, visible.size);
      return codes.map((c) => visible.get(c) ?? access.unseenByKey(DATASET, scope, `air station ${c}`));
    }),

    stationPageByRegion: new DataLoader<StationPageKey, Page<AirStation>, string>(
      async (keys) => {
        const allowed = await access.regionsWithin(DATASET, [...new Set(keys.map((k) => k.regionCode))]);
        const requests = keys.map((k) => pageRequest(k, BY_CODE));
        const limits = requests.map((r) => r.limit);
        const bound = (key: 'after' | 'before') => requests.map((r) => (r[key]?.[0] as string | undefined) ?? null);
        // Each request's window by code, its rows numbered in its own direction (backward: from the highest code).
        const rows = await preparedRead<AirStation & { request: number }>(
          db,
          `SELECT * FROM (
             SELECT ${columns}, req.n::int - 1 AS request,
                    row_number() OVER (PARTITION BY req.n ORDER BY CASE WHEN req.backward THEN s.code END DESC, s.code) AS position, req.lim
             FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::boolean[]) WITH ORDINALITY AS req (region_code, after_code, before_code, lim, backward, n)
             CROSS JOIN LATERAL region_subtree(req.region_code) AS sub
             JOIN air_stations s ON s.region_code = sub.code
             WHERE (req.after_code IS NULL OR s.code > req.after_code) AND (req.before_code IS NULL OR s.code < req.before_code)
           ) ranked
           WHERE position <= lim + 1
           ORDER BY request, position`,
          [keys.map((k) => k.regionCode), bound('after'), bound('before'), limits, requests.map((r) => r.backward)],
        );
        const counts = countLoader(db);
        return keys.map((key, i) => {
          if (!allowed.has(key.regionCode)) {
            return access.regionNotCovered(DATASET, key.regionCode);
          }
          const stations: AirStation[] = rows.filter((r) => r.request === i);
          access.recordRead(DATASET.id, Math.min(stations.length, limits[i]));
          return toPage(
            stations,
            requests[i],
            (s) => [s.code],
            () => counts.load(key.regionCode),
            () => beyondIn(db, key.regionCode, requests[i]),
          );
        });
      },
      { cacheKeyFn: (k) => JSON.stringify([k.regionCode, k.first ?? null, k.after ?? null, k.last ?? null, k.before ?? null]) },
    ),
  };
}

/** Whether a region's subtree has stations past the cursor a page was read from (a previous or next page). */
async function beyondIn(db: DataSource, regionCode: string, request: PageRequest): Promise<boolean> {
  const params: unknown[] = [regionCode];
  const beyond = beyondSql(request, (v) => `$${params.push(v)}`);
  const rows = await preparedRead<{ found: boolean }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM region_subtree($1) sub JOIN air_stations s ON s.region_code = sub.code WHERE ${beyond}) AS found`,
    params,
  );
  return rows[0].found;
}

/** Station counts of several regions' subtrees in one query (a connection's totalCount, when asked for). */
function countLoader(db: DataSource) {
  return new DataLoader<string, number>(async (regions) => {
    const rows = await preparedRead<{ region: string; count: number }>(
      db,
      `SELECT req.code AS region, count(s.code)::int AS count
       FROM unnest($1::text[]) AS req (code)
       CROSS JOIN LATERAL region_subtree(req.code) AS sub
       LEFT JOIN air_stations s ON s.region_code = sub.code
       GROUP BY req.code`,
      [regions],
    );
    const byRegion = new Map(rows.map((r) => [r.region, r.count]));
    return regions.map((r) => byRegion.get(r) ?? 0);
  });
}

type AirStationLoaders = ReturnType<typeof createAirStationLoaders>;
declare module '../../platform/context.type' {
  interface Loaders extends AirStationLoaders {}
}
