import { ObjectType as TypeGraphQLObjectType, ObjectTypeOptions } from 'type-graphql';

/**
 * type-graphql's `@ObjectType`, its plain fields left to GraphQL's own property read (`simpleResolvers`): otherwise
 * type-graphql wraps every field in a resolver that runs the middleware stack, which the hub has none of, and the
 * compiled execution (app/compiled-execution.ts) can no longer read the property inline. 100 hourly rows of 10 fields
 * were 1,000 such calls. A field with its own `@FieldResolver` keeps it, and so must a field whose value may be a
 * promise (`simple: false`, as platform/pagination.ts's counts): graphql-jit awaits what a resolver returns, never
 * what it reads from a property.
 */
export function ObjectType(nameOrOptions?: string | ObjectTypeOptions, maybeOptions?: ObjectTypeOptions): ClassDecorator {
  const [name, options] = typeof nameOrOptions === 'string' ? [nameOrOptions, maybeOptions] : [undefined, nameOrOptions];
  const simple = { simpleResolvers: true, ...options };
  return name === undefined ? TypeGraphQLObjectType(simple) : TypeGraphQLObjectType(name, simple);
}
