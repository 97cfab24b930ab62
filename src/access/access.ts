import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { DatasetDefinition } from '../catalog/dataset';
import { Department, Role } from '../platform/enums';
import { forbidden } from '../platform/errors';
import { Principal } from './principal';

/** Where a caller may read a dataset: everywhere, or the subtrees of some regions (a region-limited grant). */
export type ReadScope = { everywhere: true } | { everywhere: false; regionRoots: string[] };

export enum DatasetAccess {
  PUBLISH = 'PUBLISH',
  READ = 'READ',
  NONE = 'NONE',
}

interface ActiveGrant {
  dataset: string;
  region_codes: string[] | null;
}

/**
 * Reads needing no grant: any COMMAND_CENTER key, the owner's keys, open reference data. The role plays no part: a
 * department's ADMIN key reads what its READER keys read.
 */
function readsWithoutGrant(principal: Principal, d: DatasetDefinition): boolean {
  return principal.department === Department.COMMAND_CENTER || principal.department === d.owner || !!d.openToAllDepartments;
}

export function canPublish(principal: Principal, d: DatasetDefinition): boolean {
  return principal.department === d.owner && principal.role === Role.PUBLISHER;
}

/**
 * One request's access to the datasets, checked where data is fetched (services and loaders), never only in
 * resolvers: every path to a row — queries, nested fields, federation references, indicators — goes through it.
 * It also tallies what the request read and wrote, for the audit log.
 */
export class Access {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, { accepted: number; rejected: number }>();
  private grants?: Promise<ActiveGrant[]>;

  constructor(
    readonly principal: Principal,
    private readonly db: DataSource,
  ) {}

  private activeGrants(): Promise<ActiveGrant[]> {
    this.grants ??= this.db.query(
      `SELECT dataset, region_codes FROM sharing_grants
       WHERE grantee = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [this.principal.department],
    );
    return this.grants;
  }

  /** The caller's scope on a dataset, or FORBIDDEN naming the dataset. */
  async readScope(d: DatasetDefinition): Promise<ReadScope> {
    if (readsWithoutGrant(this.principal, d)) return { everywhere: true };
    const grants = (await this.activeGrants()).filter((g) => g.dataset === d.id);
    if (grants.some((g) => g.region_codes === null)) return { everywhere: true };
    if (!grants.length) {
      throw forbidden(`${this.principal.department} has no sharing grant to read dataset ${d.id} (owned by ${d.owner})`, {
        dataset: d.id,
      });
    }
    return { everywhere: false, regionRoots: [...new Set(grants.flatMap((g) => g.region_codes!))] };
  }

  /** Which of these regions the caller may read a dataset for (one statement for the lot). */
  async regionsWithin(d: DatasetDefinition, regionCodes: readonly string[]): Promise<Set<string>> {
    const scope = await this.readScope(d);
    if (scope.everywhere) return new Set(regionCodes);
    const rows: { code: string }[] = await this.db.query(
      `SELECT DISTINCT q.code FROM unnest($1::text[]) AS q (code)
       CROSS JOIN LATERAL region_ancestors(q.code) a WHERE a.code = ANY($2::text[])`,
      [regionCodes, scope.regionRoots],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** FORBIDDEN unless the caller may read the dataset for this region (a grant for 510100 covers its districts). */
  async assertRegion(d: DatasetDefinition, regionCode: string): Promise<void> {
    if (!(await this.regionsWithin(d, [regionCode])).has(regionCode)) throw this.regionNotCovered(d, regionCode);
  }

  /** The one FORBIDDEN for a region outside the caller's grant on a dataset, wherever it is checked (loaders too). */
  regionNotCovered(d: DatasetDefinition, regionCode: string): GraphQLError {
    return forbidden(`${this.principal.department}'s grant to read dataset ${d.id} does not cover region ${regionCode}`, {
      dataset: d.id,
      regionCode,
    });
  }

  /**
   * The answer to a lookup by key that found no row the caller may read. Reading the dataset everywhere, there is no
   * such row: null. Under a region-limited grant it is FORBIDDEN whether the row lies outside the grant's regions or
   * does not exist at all, so that lookups cannot map what lies outside the grant (whose regions the grantee knows).
   */
  unseenByKey(d: DatasetDefinition, scope: ReadScope, what: string): GraphQLError | null {
    if (scope.everywhere) return null;
    const { department } = this.principal;
    return forbidden(`${what} is not among the rows of dataset ${d.id} that ${department} may read: its grant covers regions ${scope.regionRoots.join(', ')} only`, {
      dataset: d.id,
      regionCodes: scope.regionRoots,
    });
  }

  /** FORBIDDEN unless the caller's key may publish the dataset. */
  assertPublish(d: DatasetDefinition): void {
    if (!canPublish(this.principal, d)) {
      throw forbidden(
        `dataset ${d.id} is published by ${d.owner} PUBLISHER keys only; this key is ${this.principal.department} ${this.principal.role}`,
        { dataset: d.id },
      );
    }
  }

  /** The caller's access to each dataset, for the catalog. */
  async accessTo(d: DatasetDefinition): Promise<DatasetAccess> {
    if (canPublish(this.principal, d)) return DatasetAccess.PUBLISH;
    if (readsWithoutGrant(this.principal, d)) return DatasetAccess.READ;
    return (await this.activeGrants()).some((g) => g.dataset === d.id) ? DatasetAccess.READ : DatasetAccess.NONE;
  }

  recordRead(datasetId: string, rows: number): void {
    this.reads.set(datasetId, (this.reads.get(datasetId) ?? 0) + rows);
  }

  recordWrite(datasetId: string, accepted: number, rejected: number): void {
    const w = this.writes.get(datasetId) ?? { accepted: 0, rejected: 0 };
    this.writes.set(datasetId, { accepted: w.accepted + accepted, rejected: w.rejected + rejected });
  }
}

/**
 * The one region-scope condition: SQL that is true when `regionSql` (a row's region code) lies within the scope.
 * `bindRoots` binds the scope's region roots and returns their placeholder. A dataset without a region
 * (`regionSql` null) has no row within a region-limited grant.
 */
export function regionScopeSql(scope: ReadScope, regionSql: string | null, bindRoots: (roots: string[]) => string): string {
  if (scope.everywhere) return 'true';
  if (!regionSql) return 'false';
  return `${regionSql} IN (SELECT s.code FROM unnest(CAST(${bindRoots(scope.regionRoots)} AS text[])) AS r (code) CROSS JOIN LATERAL region_subtree(r.code) s)`;
}

/** `regionScopeSql` as a query-builder condition (binds `:scopeRoots`). */
export function scopeCondition(scope: ReadScope, column: string): [string, Record<string, unknown>] {
  return [regionScopeSql(scope, column, () => ':scopeRoots'), scope.everywhere ? {} : { scopeRoots: scope.regionRoots }];
}

declare module '../platform/context.type' {
  interface Context {
    principal: Principal;
    /** The request's dataset access: checks reads and writes, and tallies them for the audit log. */
    access: Access;
  }
}
