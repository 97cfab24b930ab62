import { Kind } from 'graphql';
import { text, day, month, instant, plannedDay } from '../../../src/datasets/field-kinds';
import { RowValidator } from '../../../src/catalog/row-validator';
import { DateTimeResolver } from 'graphql-scalars';
import { DateScalar, DateTimeScalar, MonthScalar, isWithinTimeRange } from '../../../src/platform/scalars';
import { humanTextProblem, nulPath } from '../../../src/platform/text';

const NOW = new Date('2026-01-10T12:00:00+08:00');

describe('human text: names and labels', () => {
  test.each([
    ['Chinese', '东城区'],
    ['Latin with punctuation', "Dongsi (east) – station #1, 'A'"],
    ['an emoji (a surrogate pair)', 'site 🏗'],
    ['a no-break space', 'a\u00a0b'],
    ['a zero-width joiner inside an emoji sequence', '👷\u200d♀️'],
  ])('accepts %s', (_what, value) => {
    expect(humanTextProblem('name', value, 200)).toBeNull();
  });

  test.each([
    ['U+0000', 'a\u0000b', 'U+0000'],
    ['a line feed', '东城\n区', 'U+000A'],
    ['a carriage return', 'a\rb', 'U+000D'],
    ['a tab', 'a\tb', 'U+0009'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['a C1 control (NEL)', 'a\u0085b', 'U+0085'],
    ['the line separator', 'a\u2028b', 'U+2028'],
    ['RIGHT-TO-LEFT OVERRIDE', '东城\u202E区', 'U+202E'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202Aabc', 'U+202A'],
    ['FIRST STRONG ISOLATE', 'a\u2068b\u2069', 'U+2068'],
    ['POP DIRECTIONAL ISOLATE', 'ab\u2069', 'U+2069'],
    ['LEFT-TO-RIGHT MARK', 'a\u200eb', 'U+200E'],
    ['RIGHT-TO-LEFT MARK', 'a\u200fb', 'U+200F'],
    ['ARABIC LETTER MARK', 'a\u061cb', 'U+061C'],
    ['a lone surrogate', 'a\ud800b', 'U+D800'],
  ])('refuses %s (CONTROL_CHARACTER, naming the code point)', (_what, value, codePoint) => {
    const problem = humanTextProblem('name', value, 200);
    expect(problem?.code).toBe('CONTROL_CHARACTER');
    expect(problem?.message).toContain(codePoint);
    expect(problem?.message).toMatch(/^name /);
  });

  test('a length is counted in characters, not UTF-16 units', () => {
    expect(humanTextProblem('name', '🏗'.repeat(200), 200)).toBeNull();
    expect(humanTextProblem('name', '区'.repeat(201), 200)).toEqual({ code: 'TOO_LONG', message: 'name is 201 characters long, more than the 200 allowed' });
  });

  test('nulPath finds U+0000 anywhere in an argument value and names where', () => {
    expect(nulPath('code', 'a\u0000')).toBe('code');
    expect(nulPath('input', { regionCodes: ['510100', 'x\u0000'], reason: 'ok' })).toBe('input.regionCodes[1]');
    expect(nulPath('r', [{ __typename: 'Region', code: { deep: [['\u0000']] } }])).toBe('r[0].code.deep[0][0]');
    expect(nulPath('filter', { from: new Date(0), keyId: 'abc', first: 3 })).toBeNull();
    expect(nulPath('x', null)).toBeNull();
  });
});

describe('field kinds refuse bad text and times as row errors', () => {
  const run = (kind: ReturnType<typeof text>, value: unknown) => {
    const check = new RowValidator(3);
    const normalised = kind.validate(check, 'f', value, NOW);
    return { normalised, errors: check.errors.map((e) => [e.index, e.field, e.code]) };
  };

  test('text: trimmed, then no control or bidi character, at most its maximum (200 by default)', () => {
    expect(run(text(), '  东四  ')).toEqual({ normalised: '东四', errors: [] });
    expect(run(text(), 'a\u202Eb').errors).toEqual([[3, 'f', 'CONTROL_CHARACTER']]);
    expect(run(text(), 'line\nbreak').errors).toEqual([[3, 'f', 'CONTROL_CHARACTER']]);
    expect(run(text(), 'x'.repeat(201)).errors).toEqual([[3, 'f', 'TOO_LONG']]);
    expect(run(text({ maxLength: 30 }), 'x'.repeat(31)).errors).toEqual([[3, 'f', 'TOO_LONG']]);
    expect(run(text(), 'x'.repeat(200)).errors).toEqual([]);
  });

  test('observation times start in 1970 (CST): earlier is OUT_OF_RANGE; later than now is IN_FUTURE unless planned', () => {
    expect(run(instant(), new Date('1900-01-01T08:00:00+08:00')).errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(instant(), new Date('0001-01-01T08:00:00+08:00')).errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(instant(), new Date('1969-12-31T23:59:59+08:00')).errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(instant(), new Date('1970-01-01T00:00:00+08:00')).errors).toEqual([]);
    expect(run(instant(), new Date('2026-01-10T13:00:00+08:00')).errors).toEqual([[3, 'f', 'IN_FUTURE']]);
    expect(run(instant({ future: true }), new Date('2027-01-01T00:00:00+08:00')).errors).toEqual([]);
    expect(run(instant({ future: true }), new Date('1900-01-01T00:00:00+08:00')).errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
  });

  test('days and months are compared as the calendar periods they name', () => {
    expect(run(day(), '1969-12-31').errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(day(), '0001-01-01').errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(day(), '1970-01-01').errors).toEqual([]);
    expect(run(day(), '2026-01-10').errors).toEqual([]);
    expect(run(day(), '2026-01-11').errors).toEqual([[3, 'f', 'IN_FUTURE']]);
    expect(run(day(), '0000-01-01').errors).toEqual([[3, 'f', 'INVALID_FORMAT']]);
    expect(run(plannedDay(), '2030-06-30').errors).toEqual([]);
    expect(run(plannedDay(), '1900-01-01').errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(month(), '1969-12').errors).toEqual([[3, 'f', 'OUT_OF_RANGE']]);
    expect(run(month(), '1970-01').errors).toEqual([]);
    expect(run(month(), '2026-01').errors).toEqual([]);
    expect(run(month(), '2026-02').errors).toEqual([[3, 'f', 'IN_FUTURE']]);
  });
});

describe('time scalars take the years 0001–9999', () => {
  const literal = (value: string) => ({ kind: Kind.STRING, value }) as const;

  test('DateTime: an instant of the years 0001–9999 in UTC, from a variable or a literal', () => {
    expect(DateTimeScalar.parseValue('0001-01-01T00:00:00Z')).toEqual(new Date('0001-01-01T00:00:00Z'));
    expect(DateTimeScalar.parseValue('9999-12-31T23:59:59.999Z')).toEqual(new Date('9999-12-31T23:59:59.999Z'));
    for (const bad of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+08:00', '9999-12-31T23:59:59-12:00']) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/outside the years 0001–9999/);
      expect(() => DateTimeScalar.parseLiteral(literal(bad), {})).toThrow(/outside the years 0001–9999/);
    }
    expect(() => DateTimeScalar.parseValue('x')).toThrow('DateTime must be an ISO 8601 time with an offset, such as 2026-01-15T08:00:00+08:00; got "x"');
    // A long refused value is quoted by a short prefix only.
    expect(() => DateTimeScalar.parseValue('9'.repeat(100_000))).toThrow(/got "9{59}…$/);
    expect(() => DateScalar.parseValue('9'.repeat(100_000))).toThrow(/got "9{59}…$/);
  });

  test('DateTime: the canonical shape, taken on a fast path, gives what graphql-scalars gives, and refuses what it refuses', () => {
    const outcome = (parse: () => unknown) => {
      try {
        return (parse() as Date).getTime();
      } catch {
        return 'refused';
      }
    };
    const slow = (value: string) => outcome(() => DateTimeResolver.parseValue(value));
    const inYears = (value: string) => {
      const time = slow(value);
      return typeof time === 'number' && !isWithinTimeRange(time) ? 'refused' : time;
    };
    const cases = [
      '2013-03-01T01:00:00Z', '2013-03-01T01:00:00.000Z', '2013-03-01T09:00:00+08:00', '2013-03-01T09:00:00.5-03:30',
      '2013-03-01T01:00:00.123456789Z', '2013-03-01T01:00:00.1234567891Z', '2012-02-29T00:00:00Z', '2013-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2013-04-31T00:00:00Z', '2013-12-31T23:59:59Z', '2013-13-01T00:00:00Z',
      '2013-00-10T00:00:00Z', '2013-01-00T00:00:00Z', '2013-01-32T00:00:00Z', '2013-01-01T24:00:00Z', '2013-01-01T23:60:00Z',
      '2016-12-31T23:59:60Z', '2013-01-01T00:00:00+24:00', '2013-01-01T00:00:00+23:59', '2013-01-01T00:00:00-00:00',
      '2013-01-01T00:00:00|08:00', '2013-01-01t00:00:00z', '2013-01-01T00:00:00', '2013-01-01 00:00:00Z', '0000-02-29T00:00:00Z',
      '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59-12:00', '+002013-01-01T00:00:00Z', '2013-1-01T00:00:00Z',
    ];
    for (const value of cases) {
      expect([value, outcome(() => DateTimeScalar.parseValue(value))]).toEqual([value, inYears(value)]);
      expect([value, outcome(() => DateTimeScalar.parseLiteral(literal(value), {}))]).toEqual([value, inYears(value)]);
    }
    // Every hour of a leap year and of the years around it, as a publisher's batch spells them.
    for (let time = Date.parse('2011-12-31T00:00:00Z'); time < Date.parse('2013-01-02T00:00:00Z'); time += 3_600_000) {
      const value = new Date(time).toISOString();
      expect(DateTimeScalar.parseValue(value)).toEqual(new Date(time));
    }
  });

  test('DateTime: a value repeating the one before (a batch of hours, station after station) is the same instant, in a Date of its own', () => {
    const first = DateTimeScalar.parseValue('2013-03-01T09:00:00+08:00') as Date;
    const again = DateTimeScalar.parseValue('2013-03-01T09:00:00+08:00') as Date;
    expect(again).toEqual(new Date('2013-03-01T01:00:00Z'));
    expect(again).not.toBe(first);
    first.setTime(0);
    expect(DateTimeScalar.parseValue('2013-03-01T09:00:00+08:00')).toEqual(new Date('2013-03-01T01:00:00Z'));
    for (let i = 0; i < 2; i++) expect(() => DateTimeScalar.parseValue('0000-01-01T00:00:00Z')).toThrow(/outside the years 0001–9999/);
    expect(DateTimeScalar.parseValue('2013-03-01T01:00:00Z')).toEqual(new Date('2013-03-01T01:00:00Z'));
  });

  test('Date and Month: real days and months of the years 0001–9999, as BAD_USER_INPUT', () => {
    expect(DateScalar.parseValue('0001-01-01')).toBe('0001-01-01');
    expect(MonthScalar.parseValue('9999-12')).toBe('9999-12');
    for (const [scalar, bad] of [[DateScalar, '0000-01-01'], [DateScalar, '2023-02-29'], [DateScalar, '2023-1-01'], [MonthScalar, '0000-12'], [MonthScalar, '2023-13']] as const) {
      let error: any;
      try {
        scalar.parseValue(bad);
      } catch (e) {
        error = e;
      }
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toContain(JSON.stringify(bad));
    }
  });

  test('Date takes exactly the days the calendar has: every day of 2000 (leap, by 400), 1900 (not), 2024 and 2023, and none past a month\'s end', () => {
    // The reference: the day JavaScript's Date reads back as itself.
    const real = (day: string) => {
      const date = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
    };
    const takes = (day: string) => {
      try {
        return DateScalar.parseValue(day) === day;
      } catch {
        return false;
      }
    };
    const wrong: string[] = [];
    for (const year of ['2000', '1900', '2024', '2023', '0001', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const expected = month >= 1 && month <= 12 && day >= 1 && real(text);
          if (takes(text) !== expected) wrong.push(text);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

