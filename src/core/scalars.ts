import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';

/** ISO 8601 instant with an offset (`2026-01-15T08:00:00+08:00`); returned in UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  name: 'DateTime',
  description: 'An instant, ISO 8601 with an offset, e.g. `2026-01-15T08:00:00+08:00`. Returned in UTC (`Z`).',
});

function stringScalar(name: string, description: string, pattern: RegExp, check: (v: string) => boolean) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !pattern.test(value) || !check(value)) {
      throw new GraphQLError(`${name} must look like ${description.split(' ')[0]}; got ${JSON.stringify(value)}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => parse(value),
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`${name} must be a string`, { extensions: { code: 'BAD_USER_INPUT' } });
      return parse(ast.value);
    },
  });
}

const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

/** A calendar day in China Standard Time. */
export const DateScalar = stringScalar(
  'Date',
  'YYYY-MM-DD, a calendar day in China Standard Time (UTC+08:00).',
  /^\d{4}-\d{2}-\d{2}$/,
  isRealDate,
);

/** A calendar month in China Standard Time. */
export const MonthScalar = stringScalar(
  'Month',
  'YYYY-MM, a calendar month in China Standard Time (UTC+08:00).',
  /^\d{4}-(0[1-9]|1[0-2])$/,
  () => true,
);
