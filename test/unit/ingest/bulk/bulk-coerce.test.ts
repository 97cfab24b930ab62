import { RecordReader } from '../../../../src/ingest/bulk/coerce';
import { RowValidator } from '../../../../src/catalog/row-validator';
import { regionFeed } from '../../../../src/regions/region.feed';
import { cityTargetFeed } from '../../../../src/feeds/command-center/city-target.feed';
import { airQualityFeed } from '../../../../src/feeds/ecology/air-quality.feed';
import { airStationFeed } from '../../../../src/feeds/ecology/air-station.feed';

function reading<T>(record: Record<string, unknown>, read: (r: RecordReader) => T) {
  const check = new RowValidator(12);
  const value = read(new RecordReader(record, check));
  return { value, errors: check.errors.map((e) => [e.index, e.field, e.code, e.message]) };
}

describe('reading typed values out of CSV text and NDJSON values', () => {
  test.each([
    ['12', 12],
    [' -0.5 ', -0.5],
    ['1e3', 1000],
    ['.5', 0.5],
    [35.2, 35.2],
  ])('number %j reads as %j', (text, expected) => {
    expect(reading({ pm25: text }, (r) => r.number('pm25'))).toEqual({ value: expected, errors: [] });
  });

  test.each(['', 'NA', null, undefined])('missing (%j) reads as null, without an error', (text) => {
    const reads: ((r: RecordReader) => unknown)[] = [(r) => r.number('x'), (r) => r.text('x'), (r) => r.dateTime('x'), (r) => r.boolean('x'), (r) => r.list('x')];
    for (const read of reads) expect(reading({ x: text }, read)).toEqual({ value: null, errors: [] });
  });

  test.each(['12 µg/m³', 'Infinity', '0x1F', '1,5', 'twelve', true, [1]])('%j is no number: INVALID_FORMAT for its field, read as null', (text) => {
    const { value, errors } = reading({ pm25: text }, (r) => r.number('pm25'));
    expect(value).toBeNull();
    expect(errors).toEqual([[12, 'pm25', 'INVALID_FORMAT', `pm25 ${JSON.stringify(text)} is not a number`]]);
  });

  test('whole numbers: 2015 and 2015.0, not 2015.5', () => {
    expect(reading({ y: '2015.0' }, (r) => r.integer('y')).value).toBe(2015);
    expect(reading({ y: '2015.5' }, (r) => r.integer('y')).errors).toEqual([[12, 'y', 'INVALID_FORMAT', 'y "2015.5" is not a whole number']]);
    expect(reading({ y: 'x' }, (r) => r.integer('y')).errors).toHaveLength(1);
  });

  test('booleans: true/false, 1/0, yes/no in any case; a JSON boolean', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', true]) expect(reading({ b: yes }, (r) => r.boolean('b')).value).toBe(true);
    for (const no of ['false', '0', 'No', false]) expect(reading({ b: no }, (r) => r.boolean('b')).value).toBe(false);
    expect(reading({ b: 'maybe' }, (r) => r.boolean('b')).errors).toEqual([[12, 'b', 'INVALID_FORMAT', 'b "maybe" is not true or false']]);
  });

  test('instants are read exactly as the API reads DateTime: ISO 8601 with an offset', () => {
    expect(reading({ t: '2014-01-10T08:00:00+08:00' }, (r) => r.dateTime('t')).value).toEqual(new Date('2014-01-10T00:00:00Z'));
    expect(reading({ t: '2014-01-10T00:00:00.000Z' }, (r) => r.dateTime('t')).value).toEqual(new Date('2014-01-10T00:00:00Z'));
    for (const bad of ['2014-01-10 08:00', '2014-01-10T08:00:00', '2014-02-30T08:00:00Z', 1389312000000]) {
      expect(reading({ t: bad }, (r) => r.dateTime('t')).errors.map((e) => e[2])).toEqual(['INVALID_FORMAT']);
    }
  });

  test('lists: semicolon-separated in a cell, a JSON array of text in NDJSON', () => {
    expect(reading({ l: 'PM2_5; PM10' }, (r) => r.list('l')).value).toEqual(['PM2_5', 'PM10']);
    expect(reading({ l: ['PM2_5', 'CO'] }, (r) => r.list('l')).value).toEqual(['PM2_5', 'CO']);
    expect(reading({ l: [1, 2] }, (r) => r.list('l')).errors.map((e) => e[2])).toEqual(['INVALID_FORMAT']);
  });

  test('text: as given; a JSON number as its digits; an object is no text', () => {
    expect(reading({ code: ' 1003A' }, (r) => r.text('code')).value).toBe(' 1003A');
    expect(reading({ code: 110101 }, (r) => r.text('code')).value).toBe('110101');
    expect(reading({ code: { a: 1 } }, (r) => r.text('code')).errors.map((e) => e[2])).toEqual(['INVALID_FORMAT']);
  });
});

describe("each feed's fromRecord gives the input the GraphQL path would", () => {
  const read = (fromRecord: (record: Record<string, unknown>, check: RowValidator) => unknown, record: Record<string, unknown>) => {
    const check = new RowValidator(2);
    return { input: fromRecord(record, check), errors: check.errors.map((e) => [e.field, e.code]) };
  };

  test('air quality: numbers, the instant, NA as missing', () => {
    expect(read(airQualityFeed.fromRecord!, { stationCode: '1003A', observedAt: '2014-01-10T08:00:00+08:00', pm25: '35', pm10: 'NA', co: '0.6' })).toEqual({
      input: { stationCode: '1003A', regionCode: null, observedAt: new Date('2014-01-10T00:00:00Z'), pm25: 35, pm10: null, so2: null, no2: null, o3: null, co: 0.6 },
      errors: [],
    });
  });

  test('regions, stations and city targets', () => {
    expect(read(regionFeed.fromRecord!, { code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: 'true' }).input).toEqual({
      code: '510100', name: '成都市', level: 'CITY', parentCode: '510000', keyCity: true,
    });
    expect(read(airStationFeed.fromRecord!, { code: 'A', name: 'a', regionCode: '510104', controlLevel: 'LOCAL', latitude: '30.6', longitude: '104.1', monitoredPollutants: 'PM2_5;PM10' }).input)
      .toEqual({ code: 'A', name: 'a', regionCode: '510104', controlLevel: 'LOCAL', latitude: 30.6, longitude: 104.1, monitoredPollutants: ['PM2_5', 'PM10'] });
    expect(read(cityTargetFeed.fromRecord!, { regionCode: '510300', periodKind: 'YEAR', period: '2025', pm25Target: '38', heavyDaysTarget: '2.5', baseYear: '2015' })).toEqual({
      input: expect.objectContaining({ pm25Target: 38, heavyDaysTarget: null, baseYear: 2015 }),
      errors: [['heavyDaysTarget', 'INVALID_FORMAT']],
    });
  });
});
