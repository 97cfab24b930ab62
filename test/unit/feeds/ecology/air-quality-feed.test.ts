import { RowValidator } from '../../../../src/catalog/row-validator';
import { airQualityFeed } from '../../../../src/feeds/ecology/air-quality.feed';
import { AirQualityInput } from '../../../../src/feeds/ecology/air-quality.types';

const NOW = new Date('2026-01-10T12:00:00+08:00');

function validate(input: Partial<AirQualityInput>) {
  const check = new RowValidator(7);
  const row = airQualityFeed.validate({ observedAt: new Date('2026-01-10T08:00:00+08:00'), ...input } as AirQualityInput, check, NOW);
  return { row, errors: check.errors.map((e) => [e.index, e.field, e.code]) };
}

describe('air-quality-hourly row validation (no database)', () => {
  test.each([
    ['a dust-storm PM10 of 9,800 µg/m³ is rare, not impossible', { stationCode: '1003A', pm10: 9800 }, []],
    ['a winter PM2.5 of 1,000 µg/m³ passes', { stationCode: '1003A', pm25: 1000 }, []],
    ['zero is a value, not a missing one', { stationCode: '1003A', o3: 0 }, []],
    ['negative PM2.5', { stationCode: '1003A', pm25: -0.1 }, [[7, 'pm25', 'OUT_OF_RANGE']]],
    ['CO above 500 mg/m³ (a µg/m³ value sent by mistake)', { stationCode: '1003A', co: 600 }, [[7, 'co', 'OUT_OF_RANGE']]],
    ['both station and region', { stationCode: '1003A', regionCode: '110101', pm25: 1 }, [[7, null, 'EXACTLY_ONE_OF']]],
    ['neither', { pm25: 1 }, [[7, null, 'EXACTLY_ONE_OF']]],
    ['a blank station code counts as absent', { stationCode: '', regionCode: '110101', pm25: 1 }, []],
    ['no pollutant at all', { stationCode: '1003A' }, [[7, null, 'EMPTY_ROW']]],
  ])('%s', (_name, input, expected) => {
    expect(validate(input).errors).toEqual(expected);
  });

  test('observedAt: on the hour, and now is not the future', () => {
    expect(validate({ stationCode: 'A', pm25: 1, observedAt: new Date('2026-01-10T08:00:01+08:00') }).errors)
      .toEqual([[7, 'observedAt', 'NOT_ON_THE_HOUR']]);
    expect(validate({ stationCode: 'A', pm25: 1, observedAt: new Date('2026-01-10T13:00:00+08:00') }).errors)
      .toEqual([[7, 'observedAt', 'IN_FUTURE']]);
    expect(validate({ stationCode: 'A', pm25: 1, observedAt: NOW }).errors).toEqual([]);
  });

  test('observedAt before 1970 (a typo or a placeholder such as 0001-01-01 or 1900-01-01) is OUT_OF_RANGE', () => {
    for (const observedAt of ['0001-01-01T08:00:00+08:00', '1900-01-01T08:00:00+08:00', '1969-12-31T23:00:00+08:00']) {
      expect(validate({ stationCode: 'A', pm25: 1, observedAt: new Date(observedAt) }).errors).toEqual([[7, 'observedAt', 'OUT_OF_RANGE']]);
    }
    expect(validate({ stationCode: 'A', pm25: 1, observedAt: new Date('1970-01-01T01:00:00+08:00') }).errors).toEqual([]);
  });

  test('a station row references the station; pollutants it does not monitor are rejected field by field', () => {
    const { row } = validate({ stationCode: 'PM', pm25: 12, so2: 3, co: 0.5 });
    const check = new RowValidator(7);
    airQualityFeed.checkReferences!(row!, { monitoredByStation: new Map([['PM', ['PM2_5', 'PM10'] as any]]), regions: new Set() }, check);
    expect(check.errors.map((e) => [e.field, e.code])).toEqual([['so2', 'NOT_MONITORED'], ['co', 'NOT_MONITORED']]);
  });

  test('the natural key tells station rows from region rows', () => {
    const station = validate({ stationCode: '110101', pm25: 1 }).row!;
    const region = validate({ regionCode: '110101', pm25: 1 }).row!;
    expect(airQualityFeed.naturalKey(station)).not.toBe(airQualityFeed.naturalKey(region));
  });
});
