import { recordFieldNames } from '../../../src/catalog/feed';
import { RowValidator } from '../../../src/catalog/row-validator';
import { enterprises } from '../../../src/feeds/economy/enterprise.dataset';
import { weatherHourly } from '../../../src/feeds/meteorology/weather-hourly.dataset';

describe('declared feeds read bulk records with the same reader as the hand-written ones', () => {
  test('numbers, instants and missing values of a weather CSV row; unreadable text is INVALID_FORMAT for its field', () => {
    const check = new RowValidator(3);
    const input = weatherHourly.feed.fromRecord!(
      { stationCode: '56294', observedAt: '2025-01-10T08:00:00+08:00', temperature: '-3.5', relativeHumidity: 'humid', windSpeed: 'NA', pressure: '' },
      check,
    );
    expect(input).toMatchObject({ stationCode: '56294', temperature: -3.5, relativeHumidity: null, windSpeed: null, pressure: null });
    expect((input.observedAt as Date).toISOString()).toBe('2025-01-10T00:00:00.000Z');
    expect(check.errors.map((e) => [e.index, e.field, e.code])).toEqual([[3, 'relativeHumidity', 'INVALID_FORMAT']]);
  });

  test('an instant without an offset is refused rather than read in the server\'s time zone', () => {
    const check = new RowValidator(0);
    weatherHourly.feed.fromRecord!({ stationCode: '56294', observedAt: '2025-01-10T08:00:00' }, check);
    expect(check.errors.map((e) => [e.field, e.code])).toEqual([['observedAt', 'INVALID_FORMAT']]);
  });

  test("a renamed field's former column still reads; both columns must agree", () => {
    expect(recordFieldNames(weatherHourly.feed)).toEqual(expect.arrayContaining(['stationCode', 'stationId']));
    const read = (record: Record<string, unknown>) => {
      const check = new RowValidator(0);
      const input = weatherHourly.feed.fromRecord!({ observedAt: '2025-01-10T08:00:00+08:00', ...record }, check);
      return { stationCode: input.stationCode, stationId: input.stationId, errors: check.errors.map((e) => [e.field, e.code, e.message]) };
    };
    expect(read({ stationId: '56294' })).toEqual({ stationCode: '56294', stationId: undefined, errors: [] });
    expect(read({ stationCode: '56294', stationId: '56294' })).toEqual({ stationCode: '56294', stationId: undefined, errors: [] });
    expect(read({ stationCode: '56294', stationId: '' })).toEqual({ stationCode: '56294', stationId: undefined, errors: [] });
    expect(read({ stationCode: '56294', stationId: '56396' }).errors).toEqual([
      ['stationCode', 'INCONSISTENT', 'stationId (the deprecated former name of stationCode) and stationCode differ; give stationCode alone'],
    ]);
  });

  test('booleans and enumerations of an enterprise row', () => {
    const check = new RowValidator(0);
    const input = enterprises.feed.fromRecord!({ creditCode: '91330100716105852F', keyIndustry: 'yes', onEmergencyControlList: '0', industry: 'steel' }, check);
    expect(input).toMatchObject({ keyIndustry: true, onEmergencyControlList: false, industry: 'STEEL' });
    expect(check.errors).toEqual([]);
  });
});
