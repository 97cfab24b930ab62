import { ClassType } from 'type-graphql';
import { DatasetDefinition } from '../catalog/dataset';
import { provenanceResolver } from '../ingest/provenance.resolver';
import { datasetAggregate } from './dataset-aggregate';
import { datasetFeed } from './dataset-feed';
import { datasetLatestIn } from './dataset-freshness';
import { datasetGraphqlTypes } from './dataset-graphql';
import { datasetList } from './dataset-list';
import { datasetResolver } from './dataset-resolvers';
import { BuiltDataset, DatasetSpec, registerBuilt, regionFieldOf, snake, specFields } from './dataset-spec';

/**
 * A dataset declared once (`DatasetSpec`, dataset-spec.ts): derives its catalog entry, GraphQL types
 * (dataset-graphql.ts), feed for both ingestion paths (dataset-feed.ts), list query (dataset-list.ts), aggregate
 * of a time series (dataset-aggregate.ts) and resolvers (dataset-resolvers.ts); its rows by key come from
 * dataset-rows.loader.ts and its table is checked against dataset-table.ts. A department's `<dataset>.dataset.ts`
 * calls it once.
 */
export function defineDataset(spec: DatasetSpec): BuiltDataset {
  const fields = specFields(spec);
  const keyFields = fields.filter(([, f]) => f.key).map(([n]) => n);
  const columns = fields.map(([name, f]) => ({ name, column: snake(name), kind: f.kind }));
  const select = [...columns.map((c) => `t.${c.column} AS "${c.name}"`), 't.batch_id AS "batchId"'].join(', ');
  const regionField = regionFieldOf(spec);
  const hasRegion = !!regionField || !!spec.regionVia;

  const dataset: DatasetDefinition = {
    id: spec.id,
    owner: spec.owner,
    title: spec.title,
    description: spec.description,
    cadence: spec.cadence,
    table: spec.table,
    fields: fields.map(([name, f]) => ({ name, unit: f.kind.unit, description: f.description })),
    latestIn: datasetLatestIn(spec),
  };

  const types = datasetGraphqlTypes(spec, fields, keyFields, hasRegion);
  const { objectType } = types;
  const feed = datasetFeed(spec, dataset, fields, keyFields, columns);
  const list = datasetList(spec, dataset, types.filters, types, select);
  const resolverClass = datasetResolver(spec, fields, types, feed, list, regionField);
  const aggregateResolver = datasetAggregate(spec, dataset, types.filters, types.where);

  const built: BuiltDataset = {
    spec,
    dataset,
    feed,
    objectType,
    resolvers: [resolverClass, provenanceResolver(objectType as ClassType<{ batchId: string }>), ...(aggregateResolver ? [aggregateResolver] : [])],
    resolveReference: spec.federationKey
      ? (reference, ctx) => ctx.loaders.datasetRow(spec.id).load(String(reference[spec.federationKey!]))
      : undefined,
  };
  registerBuilt(built);
  return built;
}
