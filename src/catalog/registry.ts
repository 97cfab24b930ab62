import { DatasetDefinition } from './dataset';
import { FeedDefinition } from './feed';

/**
 * Every publishable dataset of the hub: the catalog, grants, audit and bulk loader all read this one list. The
 * departments' feeds register into it at boot (`src/app/modules.ts`); nothing here imports a feed.
 */
export const FEEDS: FeedDefinition<any, any, any>[] = [];

export const DATASETS: DatasetDefinition[] = [];

/** Adds feeds, in the order the catalog lists them; a dataset id is registered once. */
export function registerFeeds(feeds: readonly FeedDefinition<any, any, any>[]): void {
  for (const feed of feeds) {
    if (findFeed(feed.dataset.id)) throw new Error(`dataset ${feed.dataset.id} is registered twice`);
    FEEDS.push(feed);
    DATASETS.push(feed.dataset);
  }
}

export function findDataset(id: string): DatasetDefinition | undefined {
  return DATASETS.find((d) => d.id === id);
}

/** For code that names a dataset it knows exists (a registered one). */
export function requireDataset(id: string): DatasetDefinition {
  const dataset = findDataset(id);
  if (!dataset) throw new Error(`no dataset ${id} is registered`);
  return dataset;
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
