import { FieldNode, FragmentDefinitionNode, GraphQLObjectType, GraphQLResolveInfo, Kind, SelectionNode, SelectionSetNode, getNamedType, isObjectType } from 'graphql';

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

const isConditional = (s: SelectionNode) => !!s.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include');

/**
 * The field nodes of a selection set, through fragments and inline fragments, each fragment visited once; with
 * `unconditional`, only those no `@skip` or `@include` stands on the way to.
 */
function fieldsOf(sets: readonly (SelectionSetNode | undefined)[], fragments: SelectionInfo['fragments'], unconditional = false): FieldNode[] {
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (unconditional && isConditional(s)) continue;
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        visit((fragments[s.name.value] as FragmentDefinitionNode | undefined)?.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return fields;
}

/**
 * The names of the fields selected on a resolved field's value, through fragments and inline fragments. A field under
 * `@skip` or `@include` counts as selected: the answer is what it may need.
 */
export function selectedFields(info: SelectionInfo): Set<string> {
  return new Set(fieldsOf(info.fieldNodes.map((n) => n.selectionSet), info.fragments).map((f) => f.name.value));
}

/** Per field node of a parsed document (the server caches parsed documents, so their nodes outlive requests). */
const nodeSelections = new WeakMap<FieldNode, Map<string, boolean>>();

/** The field nodes a connection's nodes select (`edges { node { … } }`); with `unconditional`, as `fieldsOf`. */
function nodeFieldNodes(info: SelectionInfo, unconditional: boolean): FieldNode[] {
  const edges = fieldsOf(info.fieldNodes.map((n) => n.selectionSet), info.fragments, unconditional).filter((f) => f.name.value === 'edges');
  const nodes = fieldsOf(edges.map((e) => e.selectionSet), info.fragments, unconditional).filter((f) => f.name.value === 'node');
  return fieldsOf(nodes.map((n) => n.selectionSet), info.fragments, unconditional);
}

/**
 * The names of the fields a connection's nodes select, under any alias or fragment; a field under `@skip` or
 * `@include` counts, as in `selectedFields`.
 */
export function nodesFields(info: SelectionInfo): Set<string> {
  return new Set(nodeFieldNodes(info, false).map((f) => f.name.value));
}

/**
 * Whether a connection's answer shows a cursor (`edges { cursor }`, `pageInfo { startCursor endCursor }`), under any
 * alias or fragment; under `@skip` or `@include` too, as it may be shown.
 */
export function connectionShowsCursors(info: SelectionInfo): boolean {
  const top = fieldsOf(info.fieldNodes.map((n) => n.selectionSet), info.fragments);
  const under = (name: string) => fieldsOf(top.filter((f) => f.name.value === name).map((f) => f.selectionSet), info.fragments);
  return under('edges').some((f) => f.name.value === 'cursor') || under('pageInfo').some((f) => f.name.value === 'startCursor' || f.name.value === 'endCursor');
}

/** The object type of a connection's nodes (`XxxConnection.edges.node`), when the resolved field is a connection. */
export function connectionNodeType(info: Pick<GraphQLResolveInfo, 'returnType'>): GraphQLObjectType | undefined {
  const connection = getNamedType(info.returnType);
  const edge = isObjectType(connection) ? connection.getFields().edges : undefined;
  const edgeType = edge && getNamedType(edge.type);
  const node = isObjectType(edgeType) ? edgeType.getFields().node : undefined;
  const nodeType = node && getNamedType(node.type);
  return isObjectType(nodeType) ? nodeType : undefined;
}

function selectedOnNodes(info: SelectionInfo, field: string): boolean {
  return nodeFieldNodes(info, true).some((f) => f.name.value === field);
}

/**
 * Whether a connection's nodes (`edges { node { … } }`) select `field`, under any alias or fragment, and with no
 * `@skip` or `@include` on the way: what a list reads with its page (a related row joined in the same statement)
 * when the client will surely show it; a field that may be skipped is left to its loader. Remembered for a
 * field asked once at its place; a field merged from several (the same list asked twice) is looked at anew, since
 * one of its nodes may stand elsewhere alone.
 */
export function nodesSelect(info: SelectionInfo, field: string): boolean {
  if (info.fieldNodes.length !== 1) return selectedOnNodes(info, field);
  const node = info.fieldNodes[0];
  let known = nodeSelections.get(node);
  if (!known) nodeSelections.set(node, (known = new Map()));
  let selected = known.get(field);
  if (selected === undefined) known.set(field, (selected = selectedOnNodes(info, field)));
  return selected;
}
