import { Arg, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Context } from '../platform/context.type';
import { Department, Role } from '../platform/enums';
import { ErrorCode, badUserInput, forbidden, hubError } from '../platform/errors';
import { ApiKey } from './api-key.entity';
import { Principal } from '../access/principal';

@ObjectType({ description: 'A key just created or rotated: the token is shown this once and never stored.' })
class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key as listed by `apiKeys`.' }) key!: ApiKey;
  @Field({ description: 'The whole key for `Authorization: Bearer …`.' }) token!: string;
}

/** ADMIN keys manage their own department's keys; the command center's ADMIN keys manage every department's. */
function assertManages(principal: Principal, department: Department): void {
  if (principal.role !== Role.ADMIN || (principal.department !== Department.COMMAND_CENTER && principal.department !== department)) {
    throw forbidden(`managing ${department} keys needs an ADMIN key of ${department} or of COMMAND_CENTER`);
  }
}

@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'Keys the caller manages (never their secrets). ADMIN keys only.' })
  apiKeys(@Ctx() ctx: Context) {
    if (ctx.principal.role !== Role.ADMIN) throw forbidden('listing keys needs an ADMIN key');
    return ctx.services.apiKeys.list(ctx.principal.department === Department.COMMAND_CENTER ? undefined : ctx.principal.department);
  }

  @Mutation(() => CreatedApiKey, {
    description: "Create a key; its token is shown this once. An ADMIN key of the department, or the command center's ADMIN keys for any department.",
  })
  async createApiKey(
    @Arg('department', () => Department, { description: 'The department the key acts for.' }) department: Department,
    @Arg('role', () => Role, { description: 'What the key may do within its department.' }) role: Role,
    @Arg('name', () => String, { nullable: true, description: 'A label for the key (who or what system uses it); default `<department>-<role>` in lower case.' }) name: string | null,
    @Ctx() ctx: Context,
  ) {
    assertManages(ctx.principal, department);
    return ctx.services.apiKeys.create(department, role, name ?? undefined, ctx.principal);
  }

  @Mutation(() => ApiKey, { description: 'Revoke a key: it stops working at once.' })
  async revokeApiKey(@Arg('id', () => ID, { description: 'Public id of the key.' }) id: string, @Ctx() ctx: Context) {
    const key = await this.managed(ctx, id);
    await ctx.services.apiKeys.revoke(id, ctx.principal);
    return (await ctx.services.apiKeys.find(key.id))!;
  }

  @Mutation(() => CreatedApiKey, { description: 'A new secret for a key; the old one keeps working for graceMinutes.' })
  async rotateApiKey(
    @Arg('id', () => ID, { description: 'Public id of the key.' }) id: string,
    @Arg('graceMinutes', () => Int, { defaultValue: 60, description: 'Minutes the old secret keeps working, 0 to 10080 (a week).' }) graceMinutes: number,
    @Ctx() ctx: Context,
  ) {
    if (graceMinutes < 0 || graceMinutes > 7 * 24 * 60) throw badUserInput('graceMinutes must be between 0 and 10080 (a week)');
    await this.managed(ctx, id);
    const rotated = await ctx.services.apiKeys.rotate(id, graceMinutes, ctx.principal);
    if (!rotated) throw badUserInput(`key ${id} is revoked`);
    return rotated;
  }

  private async managed(ctx: Context, id: string): Promise<ApiKey> {
    const key = await ctx.services.apiKeys.find(id);
    if (!key) throw hubError(ErrorCode.NOT_FOUND, `no key ${id}`);
    assertManages(ctx.principal, key.department);
    return key;
  }
}
