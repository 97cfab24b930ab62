import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { AccessLogConnection, AuditEntryConnection, AuditLogArgs, DatasetAccessLogArgs } from './audit.types';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      "Requests the hub served, newest first; ADMIN keys only. The command center's ADMIN keys see every entry. A department's ADMIN keys see its own keys' entries, and the entries of other requests that read or wrote one of its datasets, showing only its datasets (datasetsRead, datasetsWritten) and their rows (rowsRead; rowsAccepted and rowsRejected when the request wrote nothing else).",
  })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.auditLog(ctx.access, args);
  }

  @Query(() => AccessLogConnection, { description: "Who read a dataset, when and how much, newest first: for the dataset's owner and the command center." })
  datasetAccessLog(@Args() args: DatasetAccessLogArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.datasetAccessLog(ctx.access, args);
  }
}
