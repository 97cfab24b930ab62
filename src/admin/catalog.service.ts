import { DataSource } from 'typeorm';
import { Access } from '../access/access';
import { DATASETS } from '../catalog/registry';
import { Dataset } from './catalog.types';

/** The catalog: every registered dataset with its freshness, size and the caller's access, in two statements. */
export class CatalogService {
  constructor(private readonly db: DataSource) {}

  async list(access: Access): Promise<Dataset[]> {
    const [freshness, counts]: [{ dataset: string; observed: Date | null; published: Date }[], { id: string; n: number }[]] =
      await Promise.all([
        this.db.query(
          `SELECT dataset, max(max_observed_at) AS observed, max(received_at) AS published
           FROM ingest_batches WHERE accepted > unchanged GROUP BY dataset`,
        ),
        this.db.query(DATASETS.map((d, i) => `SELECT $${i + 1}::text AS id, count(*)::int AS n FROM ${d.table}`).join(' UNION ALL '), DATASETS.map((d) => d.id)),
      ]);
    return Promise.all(
      DATASETS.map(async (d) => {
        const f = freshness.find((x) => x.dataset === d.id);
        return {
          id: d.id,
          owner: d.owner,
          title: d.title,
          description: d.description,
          cadence: d.cadence,
          fields: d.fields.map((field) => ({ ...field, unit: field.unit ?? null })),
          latestObservedAt: f?.observed ?? null,
          lastPublishedAt: f?.published ?? null,
          rowCount: counts.find((c) => c.id === d.id)!.n,
          myAccess: await access.accessTo(d),
        };
      }),
    );
  }
}

declare module '../platform/context.type' {
  interface Services {
    catalog: CatalogService;
  }
}
