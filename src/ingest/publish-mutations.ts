import { getMetadataStorage } from 'type-graphql';
import { IngestReport } from './ingest-report';

type Resolve = (root: unknown, args: Record<string, unknown>, context: unknown) => unknown;

/**
 * Publish mutations (those answering an IngestReport, each `(input, ctx)`) run on their rows as GraphQL coerced
 * them. Called through type-graphql, each of the up to 10,000 rows of a call would first be copied into an instance
 * of its input class, field by field with the class's metadata looked up for each field — as much CPU as the rest of
 * the write's validation, for instances nothing needs: a feed reads plain values. Sets `resolvers.Mutation`'s entry
 * of each to its resolver method called directly (the methods are the same; only the copying goes).
 */
export function publishOnCoercedRows(resolvers: { Mutation?: unknown }): void {
  const mutations = resolvers.Mutation as Record<string, Resolve>;
  for (const mutation of getMetadataStorage().mutations) {
    if (mutation.getReturnType() !== IngestReport || !(mutation.schemaName in mutations)) continue;
    const [input, context, ...others] = [...(mutation.params ?? [])].sort((a, b) => a.index - b.index);
    if (input?.kind !== 'arg' || context?.kind !== 'context' || context.propertyName || others.length) {
      throw new Error(`publish mutation ${mutation.schemaName}: expected the parameters (@Arg input, @Ctx ctx)`);
    }
    const resolver = new (mutation.target as new () => Record<string, (input: unknown, ctx: unknown) => unknown>)();
    const method = mutation.methodName;
    mutations[mutation.schemaName] = (_root, args, ctx) => resolver[method](args[input.name], ctx);
  }
}
