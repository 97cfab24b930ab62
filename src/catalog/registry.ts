import { DatasetDefinition } from './dataset';
import { FeedDefinition } from './feed';
import { regionFeed } from '../regions/region.feed';
import { cityTargetFeed } from '../feeds/command-center/city-target.feed';
import { airQualityFeed } from '../feeds/ecology/air-quality.feed';
import { airStationFeed } from '../feeds/ecology/air-station.feed';
import { DEFINED_DATASETS } from '../app/modules';

/** Every publishable dataset of the hub: the catalog, grants, audit and bulk loader all read this one list. */
export const FEEDS: readonly FeedDefinition<any, any, any>[] = [
  regionFeed,
  airStationFeed,
  airQualityFeed,
  cityTargetFeed,
  ...DEFINED_DATASETS.map((d) => d.feed),
];

export const DATASETS: readonly DatasetDefinition[] = FEEDS.map((f) => f.dataset);

export function findDataset(id: string): DatasetDefinition | undefined {
  return DATASETS.find((d) => d.id === id);
}

export function findFeed(id: string): FeedDefinition<any, any, any> | undefined {
  return FEEDS.find((f) => f.dataset.id === id);
}

/** For code that names a dataset it knows exists (the demo seed). */
export function requireFeed(id: string): FeedDefinition<any, any, any> {
  const feed = findFeed(id);
  if (!feed) throw new Error(`no dataset ${id}`);
  return feed;
}
