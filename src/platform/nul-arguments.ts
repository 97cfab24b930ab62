import { GraphQLSchema, defaultFieldResolver, getNamedType, isObjectType } from 'graphql';
import { badUserInput } from './errors';
import { nulPath } from './text';

/**
 * U+0000 cannot be stored in PostgreSQL text nor compared with it, so an argument holding it would fail in the
 * database: every field refuses it before its resolver runs (BAD_USER_INPUT). Publish mutations (those answering an
 * IngestReport) are the exception: their rows are checked one by one, and a row holding it is rejected alone.
 * Changes the schema's resolvers in place.
 */
export function refuseNulArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length || getNamedType(field.type).name === 'IngestReport') continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const [name, value] of Object.entries(args)) {
          const path = nulPath(name, value);
          if (path) throw badUserInput(`${path} contains U+0000 (NUL), which no text can hold`, { argument: path, problem: 'CONTROL_CHARACTER' });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
