import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DatasetDefinition } from '../catalog/dataset';
import { storedRegionCodes } from '../regions/region.queries';
import { Department, Role } from '../platform/enums';
import { assertHumanText } from '../platform/text';
import { ErrorCode, badUserInput, forbidden, hubError } from '../platform/errors';
import { DATASETS, findDataset } from '../catalog/registry';
import { Access } from '../access/access';
import { SharingGrant, SharingGrantInput, SharingGrantsArgs } from './grant.types';
import { Principal } from '../access/principal';
import { withChangeEntry } from './audit-log';

const COLUMNS = `id, dataset, grantee AS department, region_codes AS "regionCodes", reason, expires_at AS "expiresAt",
  granted_by AS "grantedBy", granted_at AS "grantedAt", revoked_at AS "revokedAt",
  (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS active`;

/** A grant's reason: a sentence or two, one line. */
export const MAX_REASON_LENGTH = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The owner's ADMIN or PUBLISHER keys, and the command center's ADMIN keys, manage a dataset's grants. */
export function mayManageGrants(principal: Principal, d: DatasetDefinition): boolean {
  if (principal.department === d.owner) return principal.role === Role.ADMIN || principal.role === Role.PUBLISHER;
  return principal.department === Department.COMMAND_CENTER && principal.role === Role.ADMIN;
}

export class GrantService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async grant(access: Access, input: SharingGrantInput): Promise<SharingGrant> {
    const d = this.manageable(access.principal, input.dataset);
    if (d.openToAllDepartments) throw badUserInput(`dataset ${d.id} is open to every department: it needs no grant`);
    if (input.department === d.owner) throw badUserInput(`${d.owner} owns dataset ${d.id}: it needs no grant`);
    const reason = input.reason.trim();
    if (!reason) throw badUserInput('reason is required');
    assertHumanText('input.reason', reason, MAX_REASON_LENGTH);
    if (input.expiresAt && input.expiresAt <= this.clock()) throw badUserInput('expiresAt is in the past');
    const regions = input.regionCodes?.length ? [...new Set(input.regionCodes)] : null;
    if (regions) {
      const known = await storedRegionCodes(this.db, regions);
      const unknown = regions.filter((r) => !known.has(r));
      if (unknown.length) throw badUserInput(`unknown regions: ${unknown.join(', ')}`, { regionCodes: unknown });
    }
    const id = randomUUID();
    const grant = await withChangeEntry(this.db, access.principal, `grantDatasetAccess ${id} ${d.id} to ${input.department}`, async (tx) => {
      const [inserted] = await tx.query(
        `INSERT INTO sharing_grants (id, dataset, grantee, region_codes, reason, expires_at, granted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [id, d.id, input.department, regions, reason, input.expiresAt ?? null, access.principal.keyId],
      );
      return inserted as SharingGrant;
    });
    return grant!;
  }

  async revoke(access: Access, id: string): Promise<SharingGrant> {
    if (!UUID.test(id)) throw badUserInput(`${JSON.stringify(id.slice(0, 100))} is not a sharing grant id (a UUID)`);
    const [existing]: { dataset: string }[] = await this.db.query('SELECT dataset FROM sharing_grants WHERE id = $1', [id]);
    if (!existing) throw hubError(ErrorCode.NOT_FOUND, `no sharing grant ${id}`);
    this.manageable(access.principal, existing.dataset);
    const grant = await withChangeEntry(this.db, access.principal, `revokeDatasetAccess ${id} ${existing.dataset}`, async (tx) => {
      // An UPDATE … RETURNING comes back as [rows, count].
      const [[updated]] = await tx.query(
        `UPDATE sharing_grants SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2)
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, access.principal.keyId],
      );
      return updated as SharingGrant;
    });
    return grant!;
  }

  /** Grants the caller may see: of datasets it manages or owns, given to its department, or all for the command center. */
  async list(access: Access, args: SharingGrantsArgs): Promise<SharingGrant[]> {
    const { principal } = access;
    const seesAll = principal.department === Department.COMMAND_CENTER;
    const owned = DATASETS.filter((d) => d.owner === principal.department).map((d) => d.id);
    return this.db.query(
      `SELECT ${COLUMNS} FROM sharing_grants
       WHERE ($1::text IS NULL OR dataset = $1) AND ($2::text IS NULL OR grantee = $2)
         AND ($3 OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())))
         AND ($4 OR grantee = $5 OR dataset = ANY($6::text[]))
       ORDER BY granted_at`,
      [args.dataset ?? null, args.department ?? null, args.includeInactive, seesAll, principal.department, owned],
    );
  }

  private manageable(principal: Principal, datasetId: string): DatasetDefinition {
    const d = findDataset(datasetId);
    if (!d) throw badUserInput(`no dataset ${datasetId}`, { dataset: datasetId });
    if (!mayManageGrants(principal, d)) {
      throw forbidden(`grants on dataset ${d.id} are managed by ${d.owner} ADMIN or PUBLISHER keys and COMMAND_CENTER ADMIN keys`, {
        dataset: d.id,
      });
    }
    return d;
  }
}

declare module '../platform/context.type' {
  interface Services {
    grants: GrantService;
  }
}
