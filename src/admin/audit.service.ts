import { DataSource } from 'typeorm';
import { Department, Role } from '../platform/enums';
import { Page, PageArgs, beyondSql, orderSql, pageRequest, toPage, windowSql } from '../platform/pagination';
import { badUserInput, forbidden } from '../platform/errors';
import { DATASETS, findDataset } from '../catalog/registry';
import { Access } from '../access/access';
import { ACCESS_LOG_WHERE, AUDIT_ENTRY_WHERE, AccessLog, AuditEntry, AuditLogArgs, DatasetAccessLogArgs, filterAsWhere } from './audit.types';

const ENTRY = `id::text, at, key_id AS "keyId", department, role, operation, operation_type AS "operationType",
  datasets_read AS "datasetsRead", datasets_written AS "datasetsWritten", rows_read AS "rowsRead",
  rows_accepted AS "rowsAccepted", rows_rejected AS "rowsRejected", duration_ms AS "durationMs", outcome,
  error_code AS "errorCode", http_status AS "httpStatus", batch_id AS "batchId"`;

/** Conditions that hold together (none: every entry). */
const allOf = (conditions: (string | null)[]) => conditions.filter((c): c is string => !!c).join(' AND ') || 'TRUE';

/** Binds a value after those of `params` (`$n`). */
const bindAfter = (params: unknown[]) => (v: unknown) => {
  params.push(v);
  return `$${params.length}`;
};

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
    // $1: sees every entry whole; $2: the caller's department; $3: the datasets it owns.
    const params: unknown[] = [seesAll, principal.department, owned];
    const whole = `($1 OR department = $2)`;
    // In order of their ids (byte order, whatever the cluster's collation), whichever the request read first: side-by-side
    // fields make that order vary.
    const onlyOwned = (column: string) => `ARRAY(SELECT d FROM unnest(${column}) d WHERE ${whole} OR d = ANY($3::text[]) ORDER BY d COLLATE "C")`;
    // `touched`: the stored datasets, which the where's dataset condition finds entries by (audit.types.ts).
    const visible = `SELECT id, at, key_id, department, role, operation, operation_type,
        ${onlyOwned('datasets_read')} AS datasets_read, ${onlyOwned('datasets_written')} AS datasets_written,
        datasets_read || datasets_written AS touched,
        CASE WHEN ${whole} THEN rows_read ELSE (SELECT coalesce(sum((reads ->> d)::int), 0)::int FROM unnest($3::text[]) d) END AS rows_read,
        CASE WHEN ${whole} OR datasets_written <@ $3::text[] THEN rows_accepted ELSE 0 END AS rows_accepted,
        CASE WHEN ${whole} OR datasets_written <@ $3::text[] THEN rows_rejected ELSE 0 END AS rows_rejected,
        duration_ms, outcome, error_code, http_status, batch_id
      FROM audit_log
      WHERE ${whole} OR datasets_read && $3::text[] OR datasets_written && $3::text[]`;
    const where = allOf([
      AUDIT_ENTRY_WHERE.compile(args.where, bindAfter(params)),
      args.filter ? AUDIT_ENTRY_WHERE.compile(filterAsWhere(args.filter), bindAfter(params)) : null,
    ]);
    return this.page<AuditEntry>('audit-log', `SELECT ${ENTRY} FROM (${visible}) e WHERE ${where}`, `SELECT id FROM (${visible}) e WHERE ${where}`, params, args);
  }

  /** Who read a dataset: for its owner's keys and the command center's. */
  async datasetAccessLog(access: Access, args: DatasetAccessLogArgs): Promise<Page<AccessLog>> {
    const d = findDataset(args.dataset);
    if (!d) throw badUserInput(`no dataset ${args.dataset}`);
    const { principal } = access;
    if (principal.department !== d.owner && principal.department !== Department.COMMAND_CENTER) {
      throw forbidden(`the access log of dataset ${d.id} is for ${d.owner} and the command center`, { dataset: d.id });
    }
    const params: unknown[] = [d.id];
    const where = allOf([`e.datasets_read @> ARRAY[$1::text] AND e.key_id IS NOT NULL`, ACCESS_LOG_WHERE.compile(args.where, bindAfter(params))]);
    return this.page<AccessLog>(
      'dataset-access-log',
      `SELECT id::text, at, department, key_id AS "keyId", operation, coalesce((reads ->> $1)::int, 0) AS rows FROM audit_log e WHERE ${where}`,
      `SELECT id FROM audit_log e WHERE ${where}`,
      params,
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
