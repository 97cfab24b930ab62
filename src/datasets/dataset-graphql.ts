import { ArgsType, ClassType, Directive, Field, InputType, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { renamedTo } from '../platform/deprecation';
import { AFTER_DESCRIPTION, BEFORE_DESCRIPTION, Connection, CursorPart, FIRST_DESCRIPTION, LAST_DESCRIPTION } from '../platform/pagination';
import { DatasetSpec, FieldSpec, indexedFieldsOf, regionViaCondition, snake } from './dataset-spec';
import { namedClass } from './named-class';
import { OrderInput, orderInput, sortFieldValue } from './order-input';
import { FilterField, WhereInput, whereInput } from './where-input';

/** What a key or sort column holds in a cursor (a timestamptz travels as ISO 8601; a month as its text). */
const CURSOR_PARTS: Record<string, CursorPart> = { text: 'text', int: 'integer', date: 'date', timestamptz: 'instant' };

export function cursorPartOf(dataset: string, field: string, pgType: string): CursorPart {
  const part = CURSOR_PARTS[pgType];
  if (!part) throw new Error(`dataset ${dataset}: field ${field} of type ${pgType} cannot be paged by`);
  return part;
}

const describe = (f: FieldSpec) => `${f.description}${f.kind.unit ? ` (${f.kind.unit})` : ''}`;

function decorateFields(cls: ClassType, fields: [string, FieldSpec][], forInput: boolean): void {
  for (const [name, f] of fields) {
    const type = forInput ? f.kind.graphqlType : (f.kind.outputType ?? f.kind.graphqlType);
    // A renamed field may come under either name, so neither is required in the input: the feed checks one is given.
    const nullable = !(f.required || f.key) || (forInput && !!f.formerName);
    Field(type, { nullable, description: describe(f) })(cls.prototype, name);
    // On the row type the former name is a field resolver (dataset-resolvers.ts): rows carry the current name only.
    if (forInput && f.formerName) Field(type, { nullable: true, description: describe(f), deprecationReason: renamedTo(name) })(cls.prototype, f.formerName);
  }
}

export interface DatasetGraphqlTypes {
  objectType: ClassType;
  inputType: ClassType;
  argsType: ClassType;
  connection: ClassType;
  /** Fields offered as exact-match arguments of the list query. */
  filters: [string, FieldSpec][];
  where: WhereInput;
  order: OrderInput;
}

/**
 * `regionCode` in the `where` of a dataset reached through another row (`regionVia`: a reading's site): the region of
 * that row, compiled to a semi-join on the referenced table's region index (regionViaCondition). The reference is a
 * key field and the referenced region is NOT NULL, so every row has a region: isNull is a constant.
 */
function regionViaField(spec: DatasetSpec): FilterField {
  const via = spec.fields[spec.regionVia!];
  return {
    name: 'regionCode',
    description: `Region of the ${via.description.toLowerCase()} (${spec.regionVia}) of the row: a region code; \`within\` takes its subtree. Every row has one (isNull: true matches none)`,
    sql: `t.${snake(spec.regionVia!)}`,
    graphqlType: () => String,
    cast: 'text',
    region: true,
    condition: (c) => (c.op === 'isNull' ? (c.value ? 'FALSE' : 'TRUE') : regionViaCondition(spec, c.on)),
  };
}

/**
 * A declared dataset's `where` (its indexed fields, with operators fit to their kinds, its exact-match filters, and the
 * region of a `regionVia` dataset) and `orderBy` (its indexed fields that are never null), both completed by the key.
 */
function listInputs(spec: DatasetSpec, fields: [string, FieldSpec][], keyFields: string[]): { where: WhereInput; order: OrderInput } {
  const indexed = indexedFieldsOf(spec);
  const where = whereInput(
    spec.typeName,
    `${spec.typeName} rows`,
    fields
      .filter(([name, f]) => indexed.includes(name) || f.filter)
      .flatMap(([name, f]): FilterField[] => {
        const field: FilterField = {
          name,
          description: `${describe(f)}${f.kind.isRegion ? ': a region code; `within` takes its subtree' : ''}`,
          sql: `t.${snake(name)}`,
          graphqlType: f.kind.graphqlType,
          cast: f.kind.pgType,
          enumName: f.kind.enumName,
          region: f.kind.isRegion,
        };
        return f.formerName ? [field, { ...field, name: f.formerName, deprecationReason: renamedTo(name) }] : [field];
      })
      .concat(spec.regionVia ? [regionViaField(spec)] : []),
  );
  const column = (name: string) => ({ sql: `t.${snake(name)}`, part: cursorPartOf(spec.id, name, spec.fields[name].kind.pgType), cast: spec.fields[name].kind.pgType });
  const sortable = indexed.filter((name) => spec.fields[name].key || spec.fields[name].required);
  const order = orderInput(
    spec.typeName,
    spec.id,
    sortable.flatMap((name) => {
      const field = { name, description: spec.fields[name].description, ...column(name) };
      const formerName = spec.fields[name].formerName;
      return formerName ? [field, { ...field, name: formerName, deprecationReason: renamedTo(sortFieldValue(name)) }] : [field];
    }),
    keyFields.map(column),
  );
  return { where, order };
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
  Field(() => Int, { nullable: true, description: LAST_DESCRIPTION })(argsType.prototype, 'last');
  Field(() => String, { nullable: true, description: BEFORE_DESCRIPTION })(argsType.prototype, 'before');
  if (hasRegion) Field(() => String, { nullable: true, description: 'Rows of this region and its sub-regions. No such region: NOT_FOUND.' })(argsType.prototype, 'regionCode');
  if (spec.time) {
    const timeType = spec.fields[spec.time].kind.graphqlType;
    Field(timeType, { nullable: true, description: `Earliest ${spec.time}, inclusive.` })(argsType.prototype, 'from');
    Field(timeType, { nullable: true, description: `Latest ${spec.time}, inclusive.` })(argsType.prototype, 'to');
  }
  // A region field is filtered by `regionCode` above (its whole subtree), never by exact match as well.
  const filters = fields.filter(([, f]) => f.filter && !f.kind.isRegion);
  for (const [name, f] of filters) {
    const description = `Exact match on ${name}: ${f.description}.`;
    Field(f.kind.graphqlType, { nullable: true, description })(argsType.prototype, name);
    if (f.formerName) Field(f.kind.graphqlType, { nullable: true, description, deprecationReason: renamedTo(name) })(argsType.prototype, f.formerName);
  }
  const { where, order } = listInputs(spec, fields, keyFields);
  Field(() => where.type, { nullable: true, description: 'Only the rows that match, with the other filters (all hold together) and within the caller\'s grant.' })(
    argsType.prototype,
    'where',
  );
  Field(() => [order.type], {
    nullable: true,
    description: `The order of the rows, completed by the key (${keyFields.join(', ')}). Omitted: by the key, ascending.`,
  })(argsType.prototype, 'orderBy');
  ArgsType()(argsType);
  const connection = Connection(objectType as ClassType<object>);
  return { objectType, inputType, argsType, connection, filters, where, order };
}
