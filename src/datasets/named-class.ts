import { ClassType } from 'type-graphql';

/** A class named for GraphQL (type-graphql and the Connection factory read `name`). */
export function namedClass(name: string): ClassType {
  const cls = class {};
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}
