import { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { selectedFields } from '../platform/selection';
import { IngestReport, PUBLISH_INPUT_DESCRIPTION } from '../ingest/ingest-report';
import { Region } from './region.entity';
import { regionFeed } from './region.feed';
import { RegionConnection, RegionInput, RegionsArgs } from './region.types';
import { Parent } from '../platform/parent';

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, {
    nullable: true,
    description: 'The region with this code; null when there is none (a lookup by key, like a federation reference).',
  })
  region(@Arg('code', { description: 'GB/T 2260 six-digit code.' }) code: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Region | null> {
    return (selectedFields(info).has('parent') ? ctx.loaders.regionWithParentByCode : ctx.loaders.regionByCode).load(code);
  }

  @Query(() => RegionConnection, { description: 'Regions ordered by code.' })
  regions(@Args() args: RegionsArgs, @Ctx() ctx: Context) {
    return ctx.services.regions.list(args, ctx.access);
  }

  @Mutation(() => IngestReport, { description: 'Create or replace regions by code. COMMAND_CENTER publishers only.' })
  upsertRegions(@Arg('input', () => [RegionInput], { description: PUBLISH_INPUT_DESCRIPTION }) input: RegionInput[], @Ctx() ctx: Context) {
    return ctx.services.ingest.ingest(ctx.access, regionFeed, input);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region this one belongs to; null for a province.' })
  parent(@Parent() region: Region, @Ctx() ctx: Context) {
    return region.parentCode ? ctx.loaders.findRegion(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: 'Direct sub-regions, by code.' })
  children(@Parent() region: Region, @Ctx() ctx: Context) {
    return ctx.loaders.childrenByCode.load(region.code);
  }
}
