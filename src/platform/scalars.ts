import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { cstIso } from './cst';

/**
 * The times the API takes: years 0001–9999, the four-digit years of ISO 8601 (PostgreSQL has no year 0, and a
 * time past 9999 no longer prints as one). Each use may narrow it (rows describe nothing before 1970).
 */
const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** An instant (milliseconds) the API can take and give back. */
export const isWithinTimeRange = (time: number): boolean => time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;

const badUserInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A refused value as the error quotes it: a short prefix, never the whole of a long string. */
const quoted = (value: unknown) => {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
};

const dateTime = DateTimeResolver.toConfig();

function withinYears(value: Date): Date {
  if (!isWithinTimeRange(value.getTime())) {
    throw badUserInput(`DateTime ${value.toISOString()} is outside the years 0001–9999 (UTC)`);
  }
  return value;
}

/** graphql-scalars' parsing, its refusal restated without quoting the whole value back. */
function parsedDateTime(parse: () => unknown, value: unknown): Date {
  try {
    return withinYears(parse() as Date);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') throw error;
    throw badUserInput(`DateTime must be an ISO 8601 time with an offset, such as 2026-01-15T08:00:00+08:00; got ${quoted(value)}`);
  }
}

/**
 * The shape nearly every time arrives in (`2013-03-01T01:00:00.000Z`, `…T09:00:00+08:00`), each field in range: the
 * instant graphql-scalars would give, without its three regular expressions, two upper-casings and second parse —
 * a batch carries up to 10,000 times, and that checking was a tenth of the hub's CPU on an ingest. Anything else
 * (lower case, a leap second, a day past the month's end…) returns undefined and goes the slow way, which decides.
 */
const CANONICAL_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Whether the month has that day (the Gregorian calendar, any year). */
const isDayOfMonth = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);

function canonicalDateTime(value: unknown): Date | undefined {
  const match = typeof value === 'string' ? CANONICAL_DATE_TIME.exec(value) : null;
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!isDayOfMonth(year, month, day)) return undefined;
  const instant = new Date(value as string);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * The text parseValue read last and its instant. A batch of hours sends each instant once per station, one after
 * the other, so most values repeat the one before: they skip the parse (0.4 µs a value). Each caller still gets a
 * Date of its own.
 */
let lastParsed: { value: string; time: number } | undefined;

function parseDateTimeValue(value: unknown): Date {
  if (lastParsed !== undefined && value === lastParsed.value) return new Date(lastParsed.time);
  const instant = parsedDateTime(() => canonicalDateTime(value) ?? dateTime.parseValue!(value), value);
  if (typeof value === 'string') lastParsed = { value, time: instant.getTime() };
  return instant;
}

/** ISO 8601 instant with an offset (`2026-01-15T08:00:00+08:00`); returned in China Standard Time. */
export const DateTimeScalar = new GraphQLScalarType({
  ...dateTime,
  name: 'DateTime',
  description:
    'An instant, ISO 8601 with an offset, e.g. `2026-01-15T08:00:00+08:00`. Taken with any offset; returned in China ' +
    'Standard Time (`+08:00`), the time of the hub\'s users.',
  serialize: (value) => cstIso(dateTime.serialize!(value) as Date),
  parseValue: parseDateTimeValue,
  parseLiteral: (ast, variables) =>
    parsedDateTime(
      () => (ast.kind === Kind.STRING && canonicalDateTime(ast.value)) || dateTime.parseLiteral!(ast, variables),
      'value' in ast ? ast.value : ast.kind,
    ),
});

/** `YYYY-MM-DD`, a day of the calendar in the years 0001–9999. */
const CALENDAR_DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
export const isCalendarDay = (v: string): boolean => {
  const match = CALENDAR_DAY.exec(v);
  return !!match && match[1] !== '0000' && isDayOfMonth(Number(match[1]), Number(match[2]), Number(match[3]));
};

/** `YYYY-MM`, a month of the years 0001–9999. */
export const isCalendarMonth = (v: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(v) && !v.startsWith('0000');

function stringScalar(name: string, shape: string, description: string, check: (v: string) => boolean) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) throw badUserInput(`${name} must be ${shape}; got ${quoted(value)}`);
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => parse(value),
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw badUserInput(`${name} must be a string`);
      return parse(ast.value);
    },
  });
}

/** A calendar day in China Standard Time. */
export const DateScalar = stringScalar(
  'Date',
  'a day YYYY-MM-DD of the years 0001–9999',
  'YYYY-MM-DD, a calendar day in China Standard Time (UTC+08:00).',
  isCalendarDay,
);

/** A calendar month in China Standard Time. */
export const MonthScalar = stringScalar(
  'Month',
  'a month YYYY-MM of the years 0001–9999',
  'YYYY-MM, a calendar month in China Standard Time (UTC+08:00).',
  isCalendarMonth,
);
