import { createParameterDecorator } from 'type-graphql';

/**
 * A field resolver's parent value (its row) as the server holds it. type-graphql's own root parameter copies a plain
 * row into a new instance of the parameter's class at every call (a page of 100 stations asking for their regions:
 * 100 copies); the hub's rows are plain objects of the classes' fields, and no class here has a method or a default.
 */
export function Parent() {
  return createParameterDecorator(({ root }) => root);
}
