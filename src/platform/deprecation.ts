/**
 * The reason a renamed field, argument, enum value or operation gives for its former name, kept one release as a
 * deprecated alias (docs/architecture.md, Naming): the name to use, and when the alias goes.
 */
export function renamedTo(name: string): string {
  return `Use ${name}; removed in the next release.`;
}
