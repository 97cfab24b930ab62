import { Ctx, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { Dataset } from './catalog.types';

@Resolver()
export class CatalogResolver {
  @Query(() => [Dataset], { description: 'Every dataset of the hub, with freshness, size and what the caller may do with it.' })
  datasets(@Ctx() ctx: Context) {
    return ctx.services.catalog.list(ctx.access);
  }
}
