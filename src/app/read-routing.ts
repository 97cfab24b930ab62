import { ApolloServerPlugin } from '@apollo/server';
import { DataSource } from 'typeorm';
import { Principal } from '../access/principal';
import { ReadReplicas, ReplicaStatus } from '../platform/db/read-replicas';
import { metrics } from '../platform/metrics';
import { Context, Services, createContext, servicesOnReplica } from './context';

/**
 * Whether a GraphQL request cannot write: its document holds no `mutation` anywhere (one that names the word in a
 * comment or a string is taken for a write, which only sends its reads to the primary). A request carrying no
 * document (a persisted query's hash alone) may write.
 */
export function cannotWrite(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' && !/\bmutation\b/.test(query);
}

/**
 * Which server a request's reads go to. Without replicas, the primary. With them (src/platform/db/read-replicas.ts), a
 * GraphQL request that cannot write gets services and loaders over a replica when one has what the caller wrote;
 * mutations, bulk loads, subscriptions and authentication stay on the primary. A write is made known to the replicas'
 * bookkeeping (`wrote`) before it is answered, so the writer's next read sees it.
 */
export class ReadRouting {
  private readonly onReplica: Map<DataSource, Services>;

  constructor(
    private readonly db: DataSource,
    private readonly services: Services,
    private readonly replicas?: ReadReplicas,
  ) {
    this.onReplica = new Map(replicas?.dataSources.map((replica) => [replica, servicesOnReplica(services, replica)]));
  }

  async start(): Promise<void> {
    await this.replicas?.start(this.services.listener);
  }

  async stop(): Promise<void> {
    await this.replicas?.stop();
  }

  /** A GraphQL request's context, over the server its reads go to. */
  contextFor(principal: Principal, body: unknown): Context {
    if (!this.replicas) return createContext(this.db, this.services, principal);
    const replica = cannotWrite(body) ? this.replicas.readerFor(principal.keyId) : undefined;
    metrics.readsRouted.inc({ server: replica ? 'replica' : 'primary' });
    return replica ? createContext(replica, this.onReplica.get(replica)!, principal) : createContext(this.db, this.services, principal);
  }

  /** After a key's write committed, before its answer. */
  readonly wrote = async (principal: Principal): Promise<void> => {
    await this.replicas?.wrote(principal.keyId);
  };

  /**
   * With replicas, tells them of every mutation, whatever its outcome (a mutation of several fields may have written
   * some of them); without, nothing to add to a request.
   */
  get plugins(): ApolloServerPlugin<Context>[] {
    if (!this.replicas) return [];
    return [
      {
        requestDidStart: async () => ({
          willSendResponse: async ({ operation, contextValue }) => {
            if (operation?.operation === 'mutation') await this.wrote(contextValue.principal);
          },
        }),
      },
    ];
  }

  /** The replicas for /readyz, when any are configured. */
  readiness(): { replicas?: ReplicaStatus[] } {
    return this.replicas ? { replicas: this.replicas.status() } : {};
  }
}
