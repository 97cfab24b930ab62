import { DataSource } from 'typeorm';
import { NotificationListener } from './db/notifications';

/**
 * The context every resolver receives, declared here so that no layer imports the app that builds it
 * (`src/app/context.ts`). Each layer adds the parts it owns by declaration merging, next to the code that provides
 * them (`declare module '…/platform/context.type'`): access adds the principal and the request's Access, each service
 * adds itself to Services, each loader factory its loaders. The app's factories are typed with these interfaces, so
 * the compiler checks that the app wires every part a layer declared.
 */
export interface Context {
  note: RequestNote;
  services: Services;
  loaders: Loaders;
}

/** Stateless services, shared by all requests. */
export interface Services {
  /** Where the request's reads go: the primary, or a read replica for a request that cannot write. */
  db: DataSource;
  /** The process's LISTEN connection to the primary. */
  listener: NotificationListener;
}

/** DataLoaders, created for one request only so that nothing cached leaks between callers. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the layers' declarations
export interface Loaders {}

/** What the audit log keeps of a request beyond its reads and writes; filled in as the request runs. */
export interface RequestNote {
  operation: string | null;
  operationType: string | null;
  errorCode: string | null;
}
