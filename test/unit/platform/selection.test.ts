import { parse, OperationDefinitionNode, FieldNode, FragmentDefinitionNode, Kind } from 'graphql';
import { nodesSelect, selectedFields } from '../../../src/platform/selection';

/** The resolve info of the operation's first field (or of the first `fields` of its selections, merged). */
const infoOf = (document: string, fields = 1) => {
  const doc = parse(document);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return { fieldNodes: operation.selectionSet.selections.slice(0, fields) as FieldNode[], fragments };
};

describe('the fields a query selects', () => {
  test('fields, inline fragments, fragments (once each, even spread twice), under @skip too', () => {
    const info = infoOf(`{ agg { day count ...F ... on G { pm25 { mean } } ...F tsp @skip(if: true) { count } } }
      fragment F on G { pm10 { min } siteId ...H } fragment H on G { month }`);
    expect([...selectedFields(info)].sort()).toEqual(['count', 'day', 'month', 'pm10', 'pm25', 'siteId', 'tsp']);
  });
});

describe("whether a connection's nodes select a field", () => {
  test('directly, under an alias, through fragments at each level', () => {
    expect(nodesSelect(infoOf('{ airStations { edges { node { code region { name } } } } }'), 'region')).toBe(true);
    expect(nodesSelect(infoOf('{ airStations { edges { node { code where: region { name } } } } }'), 'region')).toBe(true);
    const fragments = infoOf(`{ airStations { ...Page } } fragment Page on AirStationConnection { edges { ... on AirStationEdge { node { ...S } } } }
      fragment S on AirStation { region { code } }`);
    expect(nodesSelect(fragments, 'region')).toBe(true);
  });

  test('not when a @skip or @include stands on the way: the field may not be shown', () => {
    expect(nodesSelect(infoOf('{ airStations { edges { node { region @include(if: true) { code } } } } }'), 'region')).toBe(false);
    expect(nodesSelect(infoOf('{ airStations { edges @skip(if: false) { node { region { code } } } } }'), 'region')).toBe(false);
    expect(nodesSelect(infoOf('{ airStations { edges { node { ...S @include(if: true) } } } } fragment S on AirStation { region { code } }'), 'region')).toBe(false);
  });

  test('not when only the node itself, the page info, or a deeper field names it', () => {
    expect(nodesSelect(infoOf('{ airStations { edges { node { code } } pageInfo { hasNextPage } } }'), 'region')).toBe(false);
    expect(nodesSelect(infoOf('{ airStations { edges { node { code } } region { code } } }'), 'region')).toBe(false);
    expect(nodesSelect(infoOf('{ airStations { edges { node { readings { region } } } } }'), 'region')).toBe(false);
  });

  test('the same list asked twice is merged: either asking is enough, and the answer of one alone is not reused for both', () => {
    const merged = infoOf('{ airStations { edges { node { code } } } airStations { edges { node { region { code } } } } }', 2);
    const alone = { ...merged, fieldNodes: [merged.fieldNodes[0]] };
    expect(nodesSelect(alone, 'region')).toBe(false);
    expect(nodesSelect(merged, 'region')).toBe(true);
    expect(nodesSelect(alone, 'region')).toBe(false);
  });
});
