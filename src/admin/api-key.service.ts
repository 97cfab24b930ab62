import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationListener } from '../platform/db/notifications';
import { Department, Role } from '../platform/enums';
import { assertHumanText } from '../platform/text';
import { ApiKey } from './api-key.entity';
import { ChangeActor, withChangeEntry } from './audit-log';
import { Principal } from '../access/principal';

/** `lt_<12 hex: public id>_<43 base64url chars: 256-bit secret>` */
const KEY_FORMAT = /^lt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface CreatedKey {
  key: ApiKey;
  /** The whole key, shown once; only the hash of its secret is stored. */
  token: string;
}

/** A key's label may name a person or a system; it is shown in lists, not a document. */
export const MAX_KEY_NAME_LENGTH = 200;

/** Secrets are 256 random bits, so a single SHA-256 is a sound at-rest hash (no password stretching needed). */
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Verified keys are remembered for a few seconds, so a busy client does not cost a database round trip per request.
 * A change to a key anywhere (this process, another hub process, the CLI, plain SQL) is announced by a trigger on
 * `api_keys` at commit and forgotten at once by every process listening (`listenForChanges`); the time limit is the
 * safety net for a process whose listening connection is down.
 */
export const VERIFIED_KEY_TTL_MS = 5_000;
/** The channel on which `api_keys`' trigger announces, by its id, a key revoked, rotated or deleted. */
export const KEY_CHANGES_CHANNEL = 'lantian_keys';
const MAX_REMEMBERED_KEYS = 10_000;

export class ApiKeyService {
  /** sha256(token) → principal; the token itself is never kept. */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  /**
   * Counts what was forgotten: a key verified while a change was heard is not remembered, since its row may have been
   * read before the change committed.
   */
  private forgotten = 0;
  private hearsChanges = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** `name` is a label (human text, at most MAX_KEY_NAME_LENGTH characters); omitted or blank, `ecology-publisher`. */
  async create(department: Department, role: Role, name?: string, actor?: ChangeActor): Promise<CreatedKey> {
    const label = name?.trim() || `${department.toLowerCase()}-${role.toLowerCase()}`;
    assertHumanText('name', label, MAX_KEY_NAME_LENGTH);
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const key = this.db.getRepository(ApiKey).create({
      id,
      name: label,
      department,
      role,
      secretHash: hashSecret(secret),
      createdAt: new Date(),
      revokedAt: null,
      lastUsedAt: null,
      previousSecretHash: null,
      previousValidUntil: null,
    });
    await this.changed(actor, `createApiKey ${id} ${department} ${role}`, (tx) => tx.getRepository(ApiKey).insert(key));
    return { key, token: `lt_${id}_${secret}` };
  }

  list(department?: Department): Promise<ApiKey[]> {
    return this.db.getRepository(ApiKey).find({ where: department ? { department } : {}, order: { createdAt: 'ASC' } });
  }

  find(id: string): Promise<ApiKey | null> {
    return this.db.getRepository(ApiKey).findOneBy({ id });
  }

  /** A new secret for the key; the old one keeps working for `graceMinutes` so clients can switch without a gap. */
  async rotate(id: string, graceMinutes: number, actor?: ChangeActor): Promise<CreatedKey | null> {
    this.forget(id);
    const secret = randomBytes(32).toString('base64url');
    const rotated = await this.changed(actor, `rotateApiKey ${id}`, async (tx) => {
      const [rows] = await tx.query(
        `UPDATE api_keys SET previous_secret_hash = secret_hash, secret_hash = $2,
           previous_valid_until = now() + make_interval(mins => $3)
         WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, hashSecret(secret), graceMinutes],
      );
      return rows.length ? true : null;
    });
    if (!rotated) return null;
    return { key: (await this.find(id))!, token: `lt_${id}_${secret}` };
  }

  /** Returns false when there is no such active key. */
  async revoke(id: string, actor?: ChangeActor): Promise<boolean> {
    this.forget(id);
    const revoked = await this.changed(actor, `revokeApiKey ${id}`, async (tx) => {
      const result = await tx
        .getRepository(ApiKey)
        .createQueryBuilder()
        .update()
        .set({ revokedAt: () => 'now()' })
        .where('id = :id AND revoked_at IS NULL', { id })
        .execute();
      return (result.affected ?? 0) > 0 ? true : null;
    });
    return revoked === true;
  }

  /**
   * A change to the keys, with its audit entry in the same transaction when someone made it (a key over GraphQL, the
   * operator at the CLI); fixtures and seeds make keys without one.
   */
  private changed<T>(actor: ChangeActor | undefined, operation: string, work: (tx: EntityManager) => Promise<T | null>): Promise<T | null> {
    return actor === undefined ? work(this.db.manager) : withChangeEntry(this.db, actor, operation, work);
  }

  /** Whether a key is still in force (not revoked): one statement, asked by long-lived uses such as subscriptions. */
  async isActive(keyId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [keyId]);
    return rows.length > 0;
  }

  /** The principal of a bearer token, or null for a malformed, unknown, revoked or wrong key. */
  async authenticate(token: string): Promise<Principal | null> {
    const match = KEY_FORMAT.exec(token);
    if (!match) return null;
    const remembered = createHash('sha256').update(token).digest('base64');
    const hit = this.verified.get(remembered);
    if (hit && hit.until > this.clock()) return hit.principal;
    const forgottenBefore = this.forgotten;
    const principal = await this.verify(match[1], match[2]);
    if (principal && this.forgotten === forgottenBefore) this.remember(remembered, principal);
    else this.verified.delete(remembered);
    return principal;
  }

  private async verify(id: string, secret: string): Promise<Principal | null> {
    const key = await this.db.getRepository(ApiKey).findOneBy({ id });
    if (!key || key.revokedAt) return null;
    const presented = hashSecret(secret);
    const current = timingSafeEqual(key.secretHash, presented);
    const previous =
      !!key.previousSecretHash && !!key.previousValidUntil && key.previousValidUntil > new Date() &&
      timingSafeEqual(key.previousSecretHash, presented);
    if (!current && !previous) return null;
    this.touch(id);
    return { keyId: key.id, department: key.department, role: key.role, name: key.name };
  }

  private remember(token: string, principal: Principal): void {
    if (this.verified.size >= MAX_REMEMBERED_KEYS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, until: this.clock() + VERIFIED_KEY_TTL_MS });
  }

  private forget(keyId: string): void {
    this.forgotten++;
    for (const [token, { principal }] of this.verified) if (principal.keyId === keyId) this.verified.delete(token);
  }

  private forgetAll(): void {
    this.forgotten++;
    this.verified.clear();
  }

  /**
   * Hears the changes to keys made by any process (`KEY_CHANGES_CHANNEL`) and forgets those keys at once. While the
   * connection is down changes may be missed: everything remembered is forgotten when it is lost and when it is back.
   */
  async listenForChanges(listener: NotificationListener): Promise<void> {
    if (this.hearsChanges) return;
    this.hearsChanges = true;
    await listener
      .listen(KEY_CHANGES_CHANNEL, {
        notified: (keyId) => this.forget(keyId),
        listening: () => this.forgetAll(),
        lost: () => this.forgetAll(),
      })
      .catch((error) => {
        this.hearsChanges = false;
        throw error;
      });
  }

  /** lastUsedAt to the minute, written at most once a minute per key and never on the request's critical path. */
  private touch(id: string): void {
    void this.db
      .query(
        `UPDATE api_keys SET last_used_at = now()
         WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [id],
      )
      .catch(() => undefined);
  }
}

declare module '../platform/context.type' {
  interface Services {
    apiKeys: ApiKeyService;
  }
}
