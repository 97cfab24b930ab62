import { ClassType, Ctx, FieldResolver, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { IngestBatch } from './ingest-batch.entity';
import { Parent } from '../platform/parent';
import { resolvedFieldsRead } from '../platform/db/shown-columns';

/** Adds `provenance` (who published the row, in which batch, when) to a stored row type. */
export function provenanceResolver(type: ClassType<{ batchId: string }>) {
  resolvedFieldsRead(type, { provenance: ['batchId'] });
  @Resolver(() => type)
  class ProvenanceResolver {
    @FieldResolver(() => IngestBatch, { description: 'Who published this row, in which batch, and when.' })
    provenance(@Parent() row: { batchId: string }, @Ctx() ctx: Context) {
      return ctx.loaders.findBatch(row.batchId);
    }
  }
  return ProvenanceResolver;
}
