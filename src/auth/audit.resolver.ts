import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { Context } from '../context';
import { AccessLogConnection, AuditEntryConnection, AuditLogArgs, DatasetAccessLogArgs } from './audit.types';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: 'Every request the hub served, newest first. ADMIN keys only.' })
  auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.auditLog(ctx.access, args);
  }

  @Query(() => AccessLogConnection, { description: "Who read a dataset, when and how much, newest first: for the dataset's owner." })
  datasetAccessLog(@Args() args: DatasetAccessLogArgs, @Ctx() ctx: Context) {
    return ctx.services.audit.datasetAccessLog(ctx.access, args);
  }
}
