import { DataSource } from 'typeorm';
import { Department, Role } from '../platform/enums';
import { Page, PageArgs, beyondSql, orderSql, pageRequest, toPage, windowSql } from '../platform/pagination';
import { badUserInput, forbidden } from '../platform/errors';
import { DATASETS, findDataset } from '../catalog/registry';
import { Access } from '../access/access';
import { AccessLog, AuditEntry, AuditLogArgs, DatasetAccessLogArgs } from './audit.types';

const ENTRY = `id::text, at, key_id AS "keyId", department, role, operation, operation_type AS "operationType",
  datasets_read AS "datasetsRead", datasets_written AS "datasetsWritten", rows_read AS "rowsRead",
  rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected", duration_ms AS "durationMs", outcome,
  error_code AS "errorCode", http_status AS "httpStatus", batch_id AS "batchId"`;

/** Reading the audit log: newest first, keyset-paginated on id. */
export class AuditService {
  constructor(private readonly db: DataSource) {}

  /**
   * The command center's ADMIN keys see every entry. A department's ADMIN keys see the entries of their department's
   * keys, and those of other requests that read or wrote one of its datasets — shown through the department's
   * datasets only: which of them, and how many of their rows.
   */
  async auditLog(access: Access, args: AuditLogArgs): Promise<Page<AuditEntry>> {
    const { principal } = access;
    if (principal.role !== Role.ADMIN) throw forbidden('the audit log is for ADMIN keys');
    const seesAll = principal.department === Department.COMMAND_CENTER;
    const owned = DATASETS.filter((d) => d.owner === principal.department).map((d) => d.id);
    // $8: sees every entry whole; $9: the caller's department; $10: the datasets it owns.
    const whole = `($8 OR department = $9)`;
    const onlyOwned = (column: string) => `CASE WHEN ${whole} THEN ${column} ELSE ARRAY(SELECT d FROM unnest(${column}) d WHERE d = ANY($10::text[])) END`;
    const visible = `SELECT id, at, key_id, department, role, operation, operation_type,
        ${onlyOwned('datasets_read')} AS datasets_read, ${onlyOwned('datasets_written')} AS datasets_written,
        CASE WHEN ${whole} THEN rows_read ELSE (SELECT coalesce(sum((reads ->> d)::int), 0)::int FROM unnest($10::text[]) d) END AS rows_read,
        CASE WHEN ${whole} OR datasets_written <@ $10::text[] THEN rows_accepted ELSE 0 END AS rows_accepted,
        CASE WHEN ${whole} OR datasets_written <@ $10::text[] THEN rows_rejected ELSE 0 END AS rows_rejected,
        duration_ms, outcome, error_code, http_status, batch_id
      FROM audit_log
      WHERE ${whole} OR datasets_read && $10::text[] OR datasets_written && $10::text[]`;
    const f = args.filter ?? {};
    const where = `($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR key_id = $2)
      AND ($3::text IS NULL OR $3 = ANY(datasets_read) OR $3 = ANY(datasets_written))
      AND ($4::text IS NULL OR operation = $4) AND ($5::text IS NULL OR outcome = $5)
      AND ($6::timestamptz IS NULL OR at >= $6) AND ($7::timestamptz IS NULL OR at <= $7)`;
    const filters = [f.department ?? null, f.keyId ?? null, f.dataset ?? null, f.operation ?? null, f.outcome ?? null, f.from ?? null, f.to ?? null];
    const params = [...filters, seesAll, principal.department, owned];
    return this.page<AuditEntry>(
      'audit-log',
      `SELECT ${ENTRY} FROM (${visible}) e WHERE ${where}`,
      `SELECT id FROM (${visible}) e WHERE ${where}`,
      params,
      args,
    );
  }

  /** Who read a dataset: for its owner's keys and the command center's. */
  async datasetAccessLog(access: Access, args: DatasetAccessLogArgs): Promise<Page<AccessLog>> {
    const d = findDataset(args.dataset);
    if (!d) throw badUserInput(`no dataset ${args.dataset}`);
    const { principal } = access;
    if (principal.department !== d.owner && principal.department !== Department.COMMAND_CENTER) {
      throw forbidden(`the access log of dataset ${d.id} is for ${d.owner} and the command center`, { dataset: d.id });
    }
    const where = `$1 = ANY(datasets_read) AND key_id IS NOT NULL`;
    return this.page<AccessLog>(
      'dataset-access-log',
      `SELECT id::text, at, department, key_id AS "keyId", operation, coalesce((reads ->> $1)::int, 0) AS rows FROM audit_log WHERE ${where}`,
      `SELECT id FROM audit_log WHERE ${where}`,
      [d.id],
      args,
    );
  }

  /**
   * A page newest first (or, with `last`, the oldest of the entries before `before`), and its total as of the same
   * moment: the log grows while a client reads it, so the count (a second statement, run only if asked) stops at the
   * newest entry the page query could see. `id::bigint` is the stored id (the selected `id` is its text).
   */
  private async page<T extends { id: string }>(list: string, select: string, count: string, params: unknown[], args: PageArgs) {
    const request = pageRequest(args, { list, columns: [{ sql: 'id::bigint', part: 'bigint', cast: 'bigint', desc: true }] });
    const pageParams = [...params];
    const bind = (v: unknown) => {
      pageParams.push(v);
      return `$${pageParams.length}`;
    };
    const window = windowSql(request, bind).map((c) => ` AND ${c}`).join('');
    const rows: (T & { horizon: string })[] = await this.db.query(
      `SELECT page.*, (SELECT max(id) FROM audit_log)::text AS horizon FROM (
         ${select}${window} ORDER BY ${orderSql(request)} LIMIT ${bind(request.limit + 1)}) page`,
      pageParams,
    );
    const horizon = rows[0]?.horizon ?? null;
    const nodes = rows.map(({ horizon: _horizon, ...row }) => row as unknown as T);
    const n = params.length;
    const counted = `SELECT count(*)::int AS n FROM (${count}) c WHERE $${n + 1}::bigint IS NULL OR c.id <= $${n + 1}`;
    const beyondParams = [...params];
    const beyond = beyondSql(request, (v) => {
      beyondParams.push(v);
      return `$${beyondParams.length}`;
    });
    return toPage(
      nodes,
      request,
      (r) => [r.id],
      async () => (await this.db.query(counted, [...params, horizon]))[0].n as number,
      async () => (await this.db.query(`SELECT EXISTS (${count} AND ${beyond}) AS found`, beyondParams))[0].found as boolean,
    );
  }

}

declare module '../platform/context.type' {
  interface Services {
    audit: AuditService;
  }
}
