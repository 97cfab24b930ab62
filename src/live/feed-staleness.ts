import { DataSource } from 'typeorm';
import { DATASETS } from '../catalog/registry';
import { isStale } from '../indicators/math/joint/freshness';
import { cadenceOf } from '../joint/province-overview.service';
import { publishLiveEvent } from '../platform/live-outbox';
import { logger } from '../platform/logger';

/** Any 64-bit number of our own: one checker at a time across every hub process on the database. */
const STALENESS_LOCK = 7_301_774_063;
/** Announced events are kept this long, for listeners that reconnect. */
const KEEP_EVENTS = '1 hour';

/**
 * Finds datasets that turned stale (indicators §5: no row within twice the cadence, anywhere): every process runs
 * the check, but one at a time takes it (a transaction-level advisory lock, not waited for), and `feed_staleness`
 * remembers each dataset's last state, so a dataset turning stale is announced once, whichever process saw it, and
 * again only after a row has made it fresh. The same pass drops announced events older than `KEEP_EVENTS`.
 */
export class FeedStalenessWatch {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly everyMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.check()
        .then(() => undefined, (error) => logger.warn({ err: error }, 'feed staleness: check failed; will retry'))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One check; returns the datasets it announced stale (none when another process holds the check). */
  async check(): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [STALENESS_LOCK]);
      if (!locked) return [];
      const at = this.clock();
      const roots: string[] = (await tx.query('SELECT code FROM regions WHERE parent_code IS NULL')).map((r: { code: string }) => r.code);
      const known = new Map<string, boolean>(
        (await tx.query('SELECT dataset, stale FROM feed_staleness')).map((r: { dataset: string; stale: boolean }) => [r.dataset, r.stale]),
      );
      const announced: string[] = [];
      for (const d of DATASETS) {
        const cadence = cadenceOf(d);
        if (cadence === null) continue;
        const latestByRoot = await d.latestIn(tx, roots);
        const latest = [...latestByRoot.values()].reduce<Date | null>((max, t) => (t && (!max || t > max) ? t : max), null);
        const stale = isStale(cadence, latest, at);
        await tx.query(
          `INSERT INTO feed_staleness (dataset, stale, latest_at, checked_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (dataset) DO UPDATE SET stale = EXCLUDED.stale, latest_at = EXCLUDED.latest_at, checked_at = EXCLUDED.checked_at`,
          [d.id, stale, latest, at],
        );
        if (stale && known.get(d.id) !== true) {
          await publishLiveEvent(tx, {
            kind: 'feed-stale',
            body: { dataset: d.id, cadence: d.cadence, latestAt: latest?.toISOString() ?? null, detectedAt: at.toISOString() },
          });
          announced.push(d.id);
        }
      }
      await tx.query(`DELETE FROM live_events WHERE at < now() - interval '${KEEP_EVENTS}'`);
      return announced;
    });
  }
}
