import { Arg, Args, ClassType, Ctx, FieldResolver, Mutation, Query, Resolver } from 'type-graphql';
import { Parent } from '../platform/parent';
import { FeedDefinition } from '../catalog/feed';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../ingest/ingest-report';
import { Context } from '../platform/context.type';
import { Department } from '../platform/enums';
import { Region } from '../regions/region.entity';
import { ListRows } from './dataset-list';
import { DatasetGraphqlTypes } from './dataset-graphql';
import { renamedTo } from '../platform/deprecation';
import { formerNamesOf, underCurrentNames } from './former-names';
import { namedClass } from './named-class';
import { DatasetSpec, FieldSpec, Row, builtDataset } from './dataset-spec';

/** A declared dataset's resolvers: the list query, the publish mutation, its region and its relations. */
export function datasetResolver(
  spec: DatasetSpec,
  fields: [string, FieldSpec][],
  { objectType, inputType, argsType, connection }: DatasetGraphqlTypes,
  feed: FeedDefinition<Row, Row, Map<string, Set<string>>>,
  list: ListRows,
  regionField: string | undefined,
): ClassType {
  const resolverClass = namedClass(`${spec.typeName}Resolver`);
  const unlessSet = (field: string) => (spec.fields[field].required || spec.fields[field].key ? '' : `; null when \`${field}\` is not set`);
  const proto = resolverClass.prototype as Record<string, unknown>;
  const method = (name: string, fn: (...args: any[]) => unknown) => {
    proto[name] = fn;
    return Object.getOwnPropertyDescriptor(proto, name)!;
  };

  const renamed = formerNamesOf(fields);
  const listRows = (args: Record<string, unknown>, ctx: Context) => list(ctx.services.db, ctx.access, underCurrentNames(args, renamed, spec.query));
  const readers = `Readable by ${spec.owner === Department.COMMAND_CENTER ? 'COMMAND_CENTER' : `${spec.owner} and COMMAND_CENTER`} keys, and by other departments through a sharing grant (within its regions).`;
  const listDescription = `${spec.title}, by key; filters by region (with sub-regions)${spec.time ? ', time range' : ''} and key fields. ${readers}`;
  const serveList = (methodName: string, name: string, deprecationReason?: string) => {
    Query(() => connection, { name, description: listDescription, deprecationReason })(proto, methodName, method(methodName, listRows));
    Args(() => argsType)(proto, methodName, 0);
    Ctx()(proto, methodName, 1);
  };
  serveList('list', spec.query);
  // A former name of an operation is a second root field on the same resolver.
  if (spec.formerNames?.query) serveList('listUnderFormerName', spec.formerNames.query, renamedTo(spec.query));

  const publishRows = (input: Row[], ctx: Context) =>
    ctx.services.ingest.ingest(
      ctx.access,
      feed,
      input.map((row, index) => underCurrentNames(row, renamed, `input[${index}]`)),
    );
  const publishDescription = `Publish ${spec.id} (idempotent by key). ${spec.owner} publishers only.`;
  const servePublish = (methodName: string, name: string, deprecationReason?: string) => {
    Mutation(() => IngestReport, { name, description: publishDescription, deprecationReason })(proto, methodName, method(methodName, publishRows));
    Arg('input', () => [inputType], { description: PUBLISH_INPUT_DESCRIPTION })(proto, methodName, 0);
    Ctx()(proto, methodName, 1);
  };
  servePublish('publish', spec.mutation);
  if (spec.formerNames?.mutation) servePublish('publishUnderFormerName', spec.formerNames.mutation, renamedTo(spec.mutation));

  for (const [name, f] of fields.filter(([, f]) => f.formerName)) {
    const former = f.formerName!;
    const d = method(former, (row: Row) => row[name]);
    FieldResolver(f.kind.outputType ?? f.kind.graphqlType, {
      nullable: !(f.required || f.key),
      name: former,
      description: `${f.description}: the former name of \`${name}\`.`,
      deprecationReason: renamedTo(name),
    })(proto, former, d);
    Parent()(proto, former, 0);
  }

  if (regionField) {
    const d = method('region', (row: Row, ctx: Context) => (row[regionField] ? ctx.loaders.regionByCode.load(row[regionField] as string) : null));
    FieldResolver(() => Region, { nullable: true, name: 'region', description: `The region \`${regionField}\` names${unlessSet(regionField)}.` })(proto, 'region', d);
    Parent()(proto, 'region', 0);
    Ctx()(proto, 'region', 1);
  }
  for (const [name, f] of fields.filter(([, f]) => f.relation && f.kind.references)) {
    const target = f.kind.references!.dataset;
    const d = method(f.relation!, (row: Row, ctx: Context) => (row[name] ? ctx.loaders.datasetRow(target).load(row[name] as string) : null));
    const description = `The ${target} row \`${name}\` names, read with the caller's access to ${target}${unlessSet(name)}.`;
    FieldResolver(() => builtDataset(target).objectType, { nullable: true, name: f.relation, description })(proto, f.relation!, d);
    Parent()(proto, f.relation!, 0);
    Ctx()(proto, f.relation!, 1);
  }
  Resolver(() => objectType)(resolverClass);
  return resolverClass;
}
