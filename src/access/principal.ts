import { Field, ID } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Department, Role } from '../platform/enums';

/** Who is calling: resolved once per request from the API key. */
@ObjectType({ description: 'The caller, as identified by its API key.' })
export class Principal {
  @Field(() => ID, { description: 'Public id of the API key.' })
  keyId!: string;

  @Field(() => Department, { description: 'The department the key acts for.' })
  department!: Department;

  @Field(() => Role, { description: 'What the key may do within its department.' })
  role!: Role;

  @Field({ description: 'Label given when the key was created.' })
  name!: string;
}
