import { CityOverview, Dataset } from './queries';
import { cstShort } from './time';

/** Every dataset: its newest row in the province, and the cities where it is stale (older than twice its cadence). */
export function FreshnessTable({ cities, catalog }: { cities: CityOverview[]; catalog: Dataset[] }) {
  const byDataset = new Map<string, { latest: string | null; staleIn: string[] }>();
  for (const city of cities) {
    for (const f of city.freshness) {
      const entry = byDataset.get(f.dataset) ?? { latest: null, staleIn: [] };
      if (f.latestObservedAt && (!entry.latest || f.latestObservedAt > entry.latest)) entry.latest = f.latestObservedAt;
      if (f.stale) entry.staleIn.push(city.region.name);
      byDataset.set(f.dataset, entry);
    }
  }
  const title = (id: string) => catalog.find((d) => d.id === id)?.title ?? id;
  return (
    <section class="panel freshness" aria-labelledby="freshness-title">
      <h2 id="freshness-title">
        数据新鲜度 <span class="en">Feed freshness</span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>数据集 <span class="en">Dataset</span></th>
            <th>最新数据 <span class="en">Latest row</span></th>
            <th>状态 <span class="en">Status</span></th>
          </tr>
        </thead>
        <tbody>
          {[...byDataset].map(([id, { latest, staleIn }]) => (
            <tr key={id} data-dataset={id} class={staleIn.length ? 'stale' : 'fresh'}>
              <td title={id}>{title(id)}</td>
              <td>{latest ? cstShort(latest) : '—'}</td>
              <td>{staleIn.length ? `过期 Stale: ${staleIn.join('、')}` : '正常 Fresh'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
