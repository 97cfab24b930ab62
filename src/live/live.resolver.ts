import { Arg, Ctx, Resolver, Subscription } from 'type-graphql';
import { Access } from '../access/access';
import { DatasetDefinition } from '../catalog/dataset';
import { DATASETS, findDataset, requireDataset } from '../catalog/registry';
import { AlertRow } from '../feeds/ecology/alert.queries';
import { heavyPollutionAlerts } from '../feeds/ecology/heavy-pollution-alert.dataset';
import { cadenceOf } from '../joint/province-overview.service';
import { Context } from '../platform/context.type';
import { RegionLevel } from '../platform/enums';
import { badUserInput, unauthenticated } from '../platform/errors';
import { regionLevel, subtreeCodes, unknownRegion } from '../regions/region.queries';
import { LiveRefusal } from './live-events';
import { AqiLevelChange, DatasetUpdate, FeedStaleEvent } from './live.types';
import { Parent } from '../platform/parent';

const AIR_QUALITY = 'air-quality-hourly';

type ResolverData<A> = { args: A; context: Context };

function datasetNamed(id: string): DatasetDefinition {
  const d = findDataset(id);
  if (!d) throw badUserInput(`no dataset ${id}; the datasets are ${DATASETS.map((x) => x.id).join(', ')}`, { dataset: id });
  return d;
}

async function assertRegion(ctx: Context, argument: string, code: string, levels?: RegionLevel[]): Promise<void> {
  const region = await regionLevel(ctx.services.db, code);
  if (!region) throw unknownRegion(argument, code);
  if (levels && !levels.includes(region.level as RegionLevel)) {
    throw badUserInput(`${argument} ${code} is a ${region.level}; this subscription takes a ${levels.join(' or ')}`, { argument, regionCode: code });
  }
}

/**
 * Subscribe-time access, the rules of queries: FORBIDDEN without read on the dataset (naming it), and FORBIDDEN
 * when the region asked and a region-limited grant's regions lie apart, so that nothing could ever be delivered.
 * A grant inside the region asked subscribes, and receives the events of its own regions only (`visibleRegions`).
 */
async function assertSubscribable(ctx: Context, d: DatasetDefinition, regionCode: string | null): Promise<void> {
  const scope = await ctx.access.readScope(d);
  if (!scope.everywhere && regionCode !== null && !(await ctx.access.regionsWithin(d, [regionCode])).has(regionCode)) {
    const subtree = await subtreeCodes(ctx.services.db, regionCode);
    if (!scope.regionRoots.some((root) => subtree.has(root))) throw ctx.access.regionNotCovered(d, regionCode);
  }
  // The subscription's audit entry names the dataset; its end counts the events delivered.
  ctx.access.recordRead(d.id, 0);
}

/**
 * The subscriber's access as it is now, checked on every event: a key revoked since the subscription started ends it
 * with UNAUTHENTICATED, as a revoked grant ends it with FORBIDDEN (`readScope`).
 */
async function currentAccess(ctx: Context): Promise<Access> {
  if (!(await ctx.services.apiKeys.isActive(ctx.principal.keyId))) {
    throw unauthenticated('the API key of this subscription has been revoked');
  }
  return new Access(ctx.principal, ctx.services.db);
}

/**
 * Per event, the subscriber's rights as they are now (a fresh Access: a grant revoked since the subscription ends it
 * with FORBIDDEN): the regions among `codes` it may read the dataset for.
 */
async function visibleRegions(ctx: Context, d: DatasetDefinition, codes: readonly string[]): Promise<{ everywhere: boolean; codes: string[] }> {
  const access = await currentAccess(ctx);
  const scope = await access.readScope(d);
  if (scope.everywhere) return { everywhere: true, codes: [...codes] };
  const visible = await access.regionsWithin(d, codes);
  return { everywhere: false, codes: codes.filter((c) => visible.has(c)) };
}

/** The event a subscriber receives, counted as a read for the subscription's audit entry; a refusal is its error. */
function delivered<T>(ctx: Context, datasetId: string, event: T | LiveRefusal): T {
  if (event instanceof LiveRefusal) throw event.error;
  ctx.access.recordRead(datasetId, 1);
  return event;
}

/**
 * GraphQL subscriptions (graphql-ws, on /graphql): each checks its arguments and the subscriber's access when it
 * starts, then filters every event by the subscriber's grants and region scope as they are when it comes.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => heavyPollutionAlerts.objectType, {
    description:
      'Heavy-pollution alerts published (new or changed: a raised level, an end) for regions of the province. A region-limited grant receives those of its regions only.',
    subscribe: async ({ args, context: ctx }: ResolverData<{ provinceCode: string }>) => {
      const d = heavyPollutionAlerts.dataset;
      await assertRegion(ctx, 'provinceCode', args.provinceCode, [RegionLevel.PROVINCE]);
      await assertSubscribable(ctx, d, args.provinceCode);
      const province = await subtreeCodes(ctx.services.db, args.provinceCode);
      return ctx.services.live.stream('alert-issued', async (alert) => {
        if (!province.has(alert.regionCode)) return null;
        return (await visibleRegions(ctx, d, [alert.regionCode])).codes.length ? alert : null;
      });
    },
  })
  alertIssued(
    @Parent() event: AlertRow | LiveRefusal,
    @Ctx() ctx: Context,
    @Arg('provinceCode', { description: 'A PROVINCE: alerts of any region in its subtree.' }) _provinceCode: string,
  ): AlertRow {
    return delivered(ctx, heavyPollutionAlerts.dataset.id, event);
  }

  @Subscription(() => AqiLevelChange, {
    description:
      "A region's latest hourly AQI level (its hour stamped within the last 3 hours, as provinceOverview shows it) changed after an ingest: for the region asked and each CITY within it. Compared with the level last announced for the region, whichever hub process announced it; the first level a region gets is announced with previousLevel null. Reading needs air-quality-hourly.",
    subscribe: async ({ args, context: ctx }: ResolverData<{ regionCode: string }>) => {
      const d = requireDataset(AIR_QUALITY);
      await assertRegion(ctx, 'regionCode', args.regionCode);
      await assertSubscribable(ctx, d, args.regionCode);
      const watched = await subtreeCodes(ctx.services.db, args.regionCode, [RegionLevel.CITY]);
      watched.add(args.regionCode);
      return ctx.services.live.stream('aqi-level-changed', async (change) => {
        if (!watched.has(change.regionCode)) return null;
        return (await visibleRegions(ctx, d, [change.regionCode])).codes.length ? change : null;
      });
    },
  })
  aqiLevelChanged(
    @Parent() event: AqiLevelChange | LiveRefusal,
    @Ctx() ctx: Context,
    @Arg('regionCode', { description: 'A region: its own level changes and those of the cities within it.' }) _regionCode: string,
  ): AqiLevelChange {
    return delivered(ctx, AIR_QUALITY, event);
  }

  @Subscription(() => FeedStaleEvent, {
    description:
      'The dataset passed twice its cadence (PT15M, PT1H, P1D, P1M) without a row anywhere: sent once when it turns stale, again only after a row made it fresh. A dataset published on change never goes stale.',
    subscribe: async ({ args, context: ctx }: ResolverData<{ dataset: string }>) => {
      const d = datasetNamed(args.dataset);
      if (cadenceOf(d) === null) throw badUserInput(`dataset ${d.id} is published ${d.cadence}: it never goes stale`, { dataset: d.id });
      await assertSubscribable(ctx, d, null);
      return ctx.services.live.stream('feed-stale', async (event) => {
        if (event.dataset !== d.id) return null;
        await (await currentAccess(ctx)).readScope(d);
        return event;
      });
    },
  })
  feedStale(
    @Parent() event: FeedStaleEvent | LiveRefusal,
    @Ctx() ctx: Context,
    @Arg('dataset', { description: 'Dataset id, as in the catalog.' }) dataset: string,
  ): FeedStaleEvent {
    return delivered(ctx, dataset, event);
  }

  @Subscription(() => DatasetUpdate, {
    description:
      'A batch landed in the dataset (a mutation or a bulk file): its counts, the time range and the regions of its rows. With regionCode, only batches with rows in its subtree; a region-limited grant receives batches with rows in its regions, and sees those regions only.',
    subscribe: async ({ args, context: ctx }: ResolverData<{ dataset: string; regionCode?: string | null }>) => {
      const d = datasetNamed(args.dataset);
      const regionCode = args.regionCode ?? null;
      if (regionCode !== null) await assertRegion(ctx, 'regionCode', regionCode);
      await assertSubscribable(ctx, d, regionCode);
      const within = regionCode === null ? null : await subtreeCodes(ctx.services.db, regionCode);
      return ctx.services.live.stream('dataset-updated', async (update) => {
        if (update.dataset !== d.id) return null;
        const asked = within ? update.regionCodes.filter((c) => within.has(c)) : update.regionCodes;
        if (within && !asked.length) return null;
        const seen = await visibleRegions(ctx, d, asked);
        return seen.everywhere || seen.codes.length ? { ...update, regionCodes: seen.codes } : null;
      });
    },
  })
  datasetUpdated(
    @Parent() event: DatasetUpdate | LiveRefusal,
    @Ctx() ctx: Context,
    // type-graphql lists arguments last parameter first: dataset comes first in the SDL.
    @Arg('regionCode', () => String, { nullable: true, description: 'A region: only batches with rows in its subtree. Null: every batch.' }) _regionCode: string | null,
    @Arg('dataset', { description: 'Dataset id, as in the catalog.' }) dataset: string,
  ): DatasetUpdate {
    return delivered(ctx, dataset, event);
  }
}
