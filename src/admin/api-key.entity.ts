import { Field, ID } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Department, Role } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

/** An API key. The secret is never stored: only its SHA-256, looked up by the public id the key starts with. */
@ObjectType({ description: 'An API key of a department, as its ADMIN keys see it; the secret itself is never stored nor shown again.' })
@Entity('api_keys')
export class ApiKey {
  @Field(() => ID, { description: 'Public key id: the part of the key after `lt_` and before the second `_`.' })
  @PrimaryColumn('text')
  id!: string;

  @Field({ description: 'Label given when the key was created (who or what system uses it).' })
  @Column('text')
  name!: string;

  @Field(() => Department, { description: 'The department the key acts for.' })
  @Column('text')
  department!: Department;

  @Field(() => Role, { description: 'What the key may do within its department.' })
  @Column('text')
  role!: Role;

  @Column('bytea')
  secretHash!: Buffer;

  @Field(() => DateTimeScalar, { description: 'When the key was created.' })
  @Column('timestamptz')
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the key was revoked (it stopped working then); null while it works.' })
  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'To the minute.' })
  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;

  /** After a rotation: the replaced secret's hash, accepted until `previousValidUntil`. */
  @Column('bytea', { nullable: true })
  previousSecretHash!: Buffer | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'After a rotation, the old secret works until then.' })
  @Column('timestamptz', { nullable: true })
  previousValidUntil!: Date | null;
}
