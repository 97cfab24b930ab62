import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ApiKeyService } from '../../src/admin/api-key.service';
import { loadConfig } from '../../src/platform/config';
import { Services, createServices } from '../../src/app/context';
import { LocalEvents } from '../../src/live/live-events';
import { Department, Role } from '../../src/platform/enums';
import { Database, openDatabase } from '../../src/app/database';
import { HubServer, startHttpServer } from '../../src/app/http';
import { configureLogger } from '../../src/platform/logger';
import { createSpecDatabase } from './test-database';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** A real hub on a random port over its own database, spoken to over HTTP like any department system. */
export class TestHub {
  private constructor(
    readonly url: string,
    readonly db: DataSource,
    private readonly server: HubServer,
    private readonly database: Database,
    private readonly dropDatabase: () => Promise<void>,
    private readonly services: Services,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestHub> {
    const spec = await createSpecDatabase();
    const config = loadConfig({ ...process.env, PORT: '0', DATABASE_URL: spec.url, LOG_LEVEL: 'silent', ...env });
    // The hub in this process logs as its configuration says (expected refusals and outages would fill the output).
    configureLogger(config.logLevel);
    const database = await openDatabase(config, { migrate: false });
    const services = createServices(database.dataSource, config);
    const server = await startHttpServer(config, database.dataSource, services, { replicas: database.replicas });
    return new TestHub(server.url, database.dataSource, server, database, spec.drop, services);
  }

  async key(department: Department, role: Role): Promise<string> {
    return (await new ApiKeyService(this.db).create(department, role)).token;
  }

  async gql<T = any>(key: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** Like `gql`, but fails the test on any GraphQL error and returns `data`. */
  async data<T = any>(key: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.gql<T>(key, query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  /** Subscribers of a kind of live event on this hub, right now (a subscription counts once its subscribe has run). */
  liveSubscribers(kind: keyof LocalEvents): number {
    return this.services.live.subscribers(kind);
  }

  flushAudit(): Promise<void> {
    return this.server.flushAudit();
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.database.close();
    await this.dropDatabase();
  }
}
