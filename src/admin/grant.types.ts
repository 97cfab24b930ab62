import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

@ObjectType({ description: 'Read access to a dataset given to a department, possibly limited to regions and in time.' })
export class SharingGrant {
  @Field(() => ID) id!: string;
  @Field({ description: 'Dataset id of the catalog.' }) dataset!: string;
  @Field(() => Department, { description: 'The department that may read.' }) department!: Department;
  @Field(() => [String], { nullable: true, description: 'Regions (each with its sub-regions) the grant covers; null: all.' })
  regionCodes!: string[] | null;
  @Field() reason!: string;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: Date | null;
  @Field({ description: 'Key id that granted it.' }) grantedBy!: string;
  @Field(() => DateTimeScalar) grantedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
  @Field({ description: 'Neither revoked nor expired.' }) active!: boolean;
}

@InputType()
export class SharingGrantInput {
  @Field() dataset!: string;
  @Field(() => Department) department!: Department;
  @Field(() => [String], { nullable: true, description: 'Limit to these regions and their sub-regions; omit for all.' })
  regionCodes?: string[] | null;
  @Field({ description: 'Why the department needs it (kept with the grant).' }) reason!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Omit for no expiry.' }) expiresAt?: Date | null;
}

@ArgsType()
export class SharingGrantsArgs {
  @Field(() => String, { nullable: true }) dataset?: string | null;
  @Field(() => Department, { nullable: true, description: 'Grantee.' }) department?: Department | null;
  @Field({ defaultValue: false, description: 'Include revoked and expired grants.' }) includeInactive!: boolean;
}
