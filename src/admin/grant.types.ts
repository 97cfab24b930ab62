import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

@ObjectType({ description: 'Read access to a dataset given to a department, possibly limited to regions and in time.' })
export class SharingGrant {
  @Field(() => ID, { description: 'Grant id, for `revokeDatasetAccess`.' }) id!: string;
  @Field({ description: 'Dataset id of the catalog.' }) dataset!: string;
  @Field(() => Department, { description: 'The department that may read.' }) department!: Department;
  @Field(() => [String], { nullable: true, description: 'Regions (each with its sub-regions) the grant covers; null: all.' })
  regionCodes!: string[] | null;
  @Field({ description: 'Why the department needs it, as given when granted.' }) reason!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the grant stops; null: no expiry.' }) expiresAt!: Date | null;
  @Field({ description: 'Key id that granted it.' }) grantedBy!: string;
  @Field(() => DateTimeScalar, { description: 'When it was granted.' }) grantedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was revoked; null unless revoked.' }) revokedAt!: Date | null;
  @Field({ description: 'Neither revoked nor expired.' }) active!: boolean;
}

@InputType({ description: 'A read grant to give: which dataset, to which department, where, why and until when.' })
export class SharingGrantInput {
  @Field({ description: 'Dataset id of the catalog, e.g. `enterprise-electricity-daily`.' }) dataset!: string;
  @Field(() => Department, { description: 'The department that may read; not the owner.' }) department!: Department;
  @Field(() => [String], { nullable: true, description: 'Limit to these regions and their sub-regions; omit for all.' })
  regionCodes?: string[] | null;
  @Field({ description: 'Why the department needs it (kept with the grant).' }) reason!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Omit for no expiry.' }) expiresAt?: Date | null;
}

@ArgsType()
export class SharingGrantsArgs {
  @Field(() => String, { nullable: true, description: 'Only the grants of this dataset id.' }) dataset?: string | null;
  @Field(() => Department, { nullable: true, description: 'Grantee.' }) department?: Department | null;
  @Field({ defaultValue: false, description: 'Include revoked and expired grants.' }) includeInactive!: boolean;
}
