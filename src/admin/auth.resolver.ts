import { Ctx, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { Principal } from '../access/principal';

@Resolver()
export class AuthResolver {
  @Query(() => Principal, { description: 'The caller: department, role and key id.' })
  me(@Ctx() ctx: Context): Principal {
    return ctx.principal;
  }
}
