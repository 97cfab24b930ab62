import { GraphQLError } from 'graphql';
import type { Queryable } from '../platform/db/queryable';
import { ErrorCode, hubError } from '../platform/errors';

/** Which of these codes are stored regions: one statement, for the reference checks of every feed. */
export async function storedRegionCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows: { code: string }[] = await db.query('SELECT code FROM regions WHERE code = ANY($1::text[])', [[...new Set(codes)]]);
  return new Set(rows.map((r) => r.code));
}

/**
 * The one answer to a query argument that names no region: NOT_FOUND, with the argument and the code. (Regions are
 * public reference data, so it tells a caller nothing it could not list.) Only a lookup of a region by its key —
 * `region(code:)`, a federation reference — answers null instead: there, "no such region" is the answer.
 */
export function unknownRegion(argument: string, code: string): GraphQLError {
  return hubError(ErrorCode.NOT_FOUND, `no region ${code} (${argument})`, { argument, regionCode: code });
}

/** NOT_FOUND (`unknownRegion`) unless `code` is a stored region. */
export async function assertRegionExists(db: Queryable, argument: string, code: string): Promise<void> {
  if (!(await storedRegionCodes(db, [code])).has(code)) throw unknownRegion(argument, code);
}

/**
 * Another room's statement of one region's rows, made to say as well whether the region exists: one statement where
 * checking first takes two. `rows` is that statement, its region the parameter `regionParam`; the answer has a row per
 * row of it (a region without rows: one row of nulls) with \`region_exists\` set, and no row at all for no such region.
 * `orderBy` orders the rows by the inner statement's columns (a lateral join keeps no order of its own).
 */
export function withRegionExists(rows: string, regionParam: string, orderBy: string): string {
  return `SELECT true AS region_exists, r.* FROM regions g LEFT JOIN LATERAL (${rows}) r ON true WHERE g.code = ${regionParam} ORDER BY ${orderBy}`;
}

/** A region's level, or nothing when there is no such region. */
export async function regionLevel(db: Queryable, code: string): Promise<{ level: string } | undefined> {
  const [region]: { level: string }[] = await db.query('SELECT level FROM regions WHERE code = $1', [code]);
  return region;
}

/** The cities a province's monthly ranking names: its own cities (`in_province`) and every key city, by code. */
export function citiesToRank(db: Queryable, provinceCode: string): Promise<{ code: string; name: string; key_city: boolean; in_province: boolean }[]> {
  return db.query(
    `SELECT code, name, key_city, parent_code = $1 AS in_province FROM regions
     WHERE level = 'CITY' AND (parent_code = $1 OR key_city) ORDER BY code`,
    [provinceCode],
  );
}

/** The counties under a province's cities, each with its city. */
export function countiesOfCities(db: Queryable, provinceCode: string): Promise<{ city: string; county: string }[]> {
  return db.query(
    `SELECT c.code AS city, r.code AS county FROM regions c
     CROSS JOIN LATERAL region_subtree(c.code) s JOIN regions r ON r.code = s.code AND r.level = 'COUNTY'
     WHERE c.parent_code = $1 AND c.level = 'CITY'`,
    [provinceCode],
  );
}

/** The regions of a subtree with their parents (the root's parent left out): one statement. */
export async function subtreeChildren(db: Queryable, rootCode: string): Promise<Map<string, string[]>> {
  const rows: { code: string; parent_code: string }[] = await db.query(
    `SELECT code, parent_code FROM regions WHERE parent_code IS NOT NULL AND code <> $1 AND code IN (SELECT code FROM region_subtree($1)) ORDER BY code`,
    [rootCode],
  );
  const children = new Map<string, string[]>();
  for (const r of rows) children.set(r.parent_code, [...(children.get(r.parent_code) ?? []), r.code]);
  return children;
}

/** The CITY children of a province, by code. */
export async function citiesOfProvince(db: Queryable, provinceCode: string): Promise<string[]> {
  const rows: { code: string }[] = await db.query(`SELECT code FROM regions WHERE parent_code = $1 AND level = 'CITY' ORDER BY code`, [provinceCode]);
  return rows.map((r) => r.code);
}

/** The codes of a region's subtree, itself included; only those of the given levels when asked. */
export async function subtreeCodes(db: Queryable, rootCode: string, levels?: readonly string[]): Promise<Set<string>> {
  const rows: { code: string }[] = await db.query(
    'SELECT r.code FROM region_subtree($1) s JOIN regions r ON r.code = s.code WHERE $2::text[] IS NULL OR r.level = ANY($2::text[])',
    [rootCode, levels ?? null],
  );
  return new Set(rows.map((r) => r.code));
}
