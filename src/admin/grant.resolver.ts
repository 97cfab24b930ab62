import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../platform/context.type';
import { SharingGrant, SharingGrantInput, SharingGrantsArgs } from './grant.types';

@Resolver()
export class GrantResolver {
  @Mutation(() => SharingGrant, {
    description: "Let a department read a dataset (optionally only some regions, until a date). The owner's ADMIN or PUBLISHER keys, or COMMAND_CENTER ADMIN keys.",
  })
  grantDatasetAccess(@Arg('input', { description: 'The grant to give.' }) input: SharingGrantInput, @Ctx() ctx: Context) {
    return ctx.services.grants.grant(ctx.access, input);
  }

  @Mutation(() => SharingGrant, { description: 'End a grant at once.' })
  revokeDatasetAccess(@Arg('id', () => ID, { description: 'Grant id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.grants.revoke(ctx.access, id);
  }

  @Query(() => [SharingGrant], {
    description: 'Grants of the datasets the caller owns or manages, and those given to its department (all of them for the command center).',
  })
  sharingGrants(@Args() args: SharingGrantsArgs, @Ctx() ctx: Context) {
    return ctx.services.grants.list(ctx.access, args);
  }
}
