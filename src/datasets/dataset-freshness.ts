import { MonthScalar } from '../platform/scalars';
import { DatasetDefinition } from '../catalog/dataset';
import { RegionPath, RowTimeSource, latestInRegions } from '../regions/latest-in-regions';
import { DatasetSpec, builtDataset, regionFieldOf, snake } from './dataset-spec';

/**
 * A declared dataset's `latestIn`: its time field's stamp, day or month when it observes something; when it was
 * published for reference data and planned times (an alert's start, a burn's planned day lie ahead).
 */
export function datasetLatestIn(spec: DatasetSpec): DatasetDefinition['latestIn'] {
  // Built on first use: a dataset reached through another may be declared before it.
  let latestIn: DatasetDefinition['latestIn'] | undefined;
  return (db, regionCodes, until) => {
    if (!latestIn) {
      const region = regionPath(spec);
      latestIn = region ? latestInRegions(spec.table, region, rowTimeSource(spec), { partitionedByMonth: spec.partitionedByMonth }) : async (_db, codes) => new Map(codes.map((c) => [c, null]));
    }
    return latestIn(db, regionCodes, until);
  };
}

function rowTimeSource(spec: DatasetSpec): RowTimeSource {
  const kind = spec.time ? spec.fields[spec.time].kind : undefined;
  if (!kind || kind.future) return { publishedIn: spec.id };
  const column = snake(spec.time!);
  if (kind.pgType === 'timestamptz') return { column, kind: 'instant' };
  if (kind.pgType === 'date') return { column, kind: 'day' };
  if (kind.graphqlType() === MonthScalar) return { column, kind: 'month' };
  return { publishedIn: spec.id };
}

function regionPath(spec: DatasetSpec): RegionPath | null {
  if (spec.regionVia) {
    const target = builtDataset(spec.fields[spec.regionVia].kind.references!.dataset).spec;
    const key = Object.entries(target.fields).find(([, f]) => f.key)![0];
    return { via: { table: target.table, region: snake(regionFieldOf(target)!), match: `t.${snake(spec.regionVia)} = x.${snake(key)}` } };
  }
  const field = regionFieldOf(spec);
  return field ? { column: snake(field) } : null;
}
