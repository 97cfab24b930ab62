import { OperationDefinitionNode, buildSchema, parse } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { AGGREGATE_STATEMENT_COST, aggregateEstimator, connectionEstimator, costedVariables, fragmentNesting } from '../../../src/admin/limits';

const chain = (n: number, close = false) =>
  parse(`{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { __typename ...F${close && i === n - 1 ? 0 : i + 1} }`).join(' ')}${close ? '' : ` fragment F${n} on Query { __typename }`}`);

describe('fragment nesting (measured without recursion)', () => {
  test('a document without fragments nests none; a fragment spreading none nests 1', () => {
    expect(fragmentNesting(parse('{ __typename }'))).toBe(0);
    expect(fragmentNesting(parse('{ ...A } fragment A on Query { __typename }'))).toBe(1);
  });

  test('a chain counts every fragment of it, however long (no stack overflow)', () => {
    expect(fragmentNesting(chain(3))).toBe(4);
    expect(fragmentNesting(chain(100_000))).toBe(100_001);
  });

  test('a cycle is followed once; a fragment bomb (wide, not deep) nests as deep as its levels', () => {
    expect(fragmentNesting(chain(5, true))).toBe(5);
    const bomb = parse(
      `{ ...C } fragment A on Query { __typename } fragment B on Query { ${'...A '.repeat(10)} } fragment C on Query { ${'...B '.repeat(10)} }`,
    );
    expect(fragmentNesting(bomb)).toBe(3);
  });
});

describe('the cost of an aggregate', () => {
  const schema = buildSchema(`type Stats { mean: Float min: Float }
    type Group { day: String count: Int pm10: Stats }
    type Query { agg(maxGroups: Int = 1000): [Group!]! }`);
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    getComplexity({ schema, query: parse(query), variables, estimators: [connectionEstimator, aggregateEstimator, simpleEstimator({ defaultComplexity: 1 })] });

  test('its statement, plus each group it may return (maxGroups, default 1,000) at the cost of its selection', () => {
    expect(cost('{ agg { count } }')).toBe(AGGREGATE_STATEMENT_COST + 1_000 * 1);
    expect(cost('{ agg(maxGroups: 10) { day count pm10 { mean min } } }')).toBe(AGGREGATE_STATEMENT_COST + 10 * 5);
    expect(cost('query($m: Int) { agg(maxGroups: $m) { count } }', { m: null })).toBe(AGGREGATE_STATEMENT_COST + 1_000);
  });
});

describe('the variables a cost is computed from', () => {
  const operation = parse('mutation($rows: [In!]!, $tags: [String], $first: Int, $one: In) { f }').definitions[0] as OperationDefinitionNode;

  test('a list variable is costed empty, whatever it holds; other variables as given', () => {
    const variables = { rows: [{ a: 1 }, { a: 2 }], tags: ['x'], first: 500, one: { a: 3 } };
    expect(costedVariables(operation, variables)).toEqual({ rows: [], tags: [], first: 500, one: { a: 3 } });
    expect(variables.rows).toHaveLength(2);
  });

  test('a value that is not a list (null, a single item coerced to a list) is left for coercion to judge', () => {
    const variables = { rows: null, tags: 'x', first: 10 };
    expect(costedVariables(operation, variables)).toBe(variables);
  });
});
