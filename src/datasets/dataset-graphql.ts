import { ArgsType, ClassType, Directive, Field, InputType, Int, ObjectType } from 'type-graphql';
import { AFTER_DESCRIPTION, Connection, FIRST_DESCRIPTION } from '../platform/pagination';
import { DatasetSpec, FieldSpec } from './dataset-spec';

/** A class named for GraphQL (type-graphql and the Connection factory read `name`). */
export function namedClass(name: string): ClassType {
  const cls = class {};
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

function decorateFields(cls: ClassType, fields: [string, FieldSpec][], forInput: boolean): void {
  for (const [name, f] of fields) {
    const unit = f.kind.unit ? ` (${f.kind.unit})` : '';
    Field(f.kind.graphqlType, { nullable: forInput ? !(f.required || f.key) : !(f.required || f.key), description: `${f.description}${unit}` })(
      cls.prototype,
      name,
    );
  }
}

export interface DatasetGraphqlTypes {
  objectType: ClassType;
  inputType: ClassType;
  argsType: ClassType;
  connection: ClassType;
  /** Fields offered as exact-match arguments of the list query. */
  filters: [string, FieldSpec][];
}

/** A declared dataset's GraphQL object type, input, list arguments and connection. */
export function datasetGraphqlTypes(spec: DatasetSpec, fields: [string, FieldSpec][], keyFields: string[], hasRegion: boolean): DatasetGraphqlTypes {
  const objectType = namedClass(spec.typeName);
  decorateFields(objectType, fields, false);
  if (spec.federationKey) Directive(`@key(fields: "${spec.federationKey}")`)(objectType);
  ObjectType(spec.typeName, { description: `${spec.title}: ${spec.description} Published by ${spec.owner}.` })(objectType);

  const inputType = namedClass(spec.inputName);
  decorateFields(inputType, fields, true);
  InputType(spec.inputName, { description: `A row of ${spec.id}; the key (${keyFields.join(', ')}) replaces any row with the same key.` })(inputType);

  const argsType = namedClass(`${spec.typeName}Args`);
  Field(() => Int, { nullable: true, description: FIRST_DESCRIPTION })(argsType.prototype, 'first');
  Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })(argsType.prototype, 'after');
  if (hasRegion) Field(() => String, { nullable: true, description: 'Rows of this region and its sub-regions. No such region: NOT_FOUND.' })(argsType.prototype, 'regionCode');
  if (spec.time) {
    const timeType = spec.fields[spec.time].kind.graphqlType;
    Field(timeType, { nullable: true, description: `Earliest ${spec.time}, inclusive.` })(argsType.prototype, 'from');
    Field(timeType, { nullable: true, description: `Latest ${spec.time}, inclusive.` })(argsType.prototype, 'to');
  }
  // A region field is filtered by `regionCode` above (its whole subtree), never by exact match as well.
  const filters = fields.filter(([, f]) => f.filter && !f.kind.isRegion);
  for (const [name, f] of filters) {
    Field(f.kind.graphqlType, { nullable: true, description: `Exact match on ${name}: ${f.description}.` })(argsType.prototype, name);
  }
  ArgsType()(argsType);
  const connection = Connection(objectType as ClassType<object>);
  return { objectType, inputType, argsType, connection, filters };
}
