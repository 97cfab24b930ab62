import { ConfigError, loadConfig } from '../../../../src/platform/config';
import { MonthSet, addMonths, monthOf, monthOfPartition, monthStart, partitionName } from '../../../../src/platform/db/partitions';

describe('CST months of the partitions', () => {
  test('an instant lies in the month of its China Standard Time: the month turns at 16:00 UTC of the last day', () => {
    expect(monthOf(new Date('2016-12-31T15:59:59.999Z'))).toBe('2016-12');
    expect(monthOf(new Date('2016-12-31T16:00:00Z'))).toBe('2017-01');
    expect(monthOf('2016-12-31')).toBe('2016-12');
    expect(monthStart('2017-01').toISOString()).toBe('2016-12-31T16:00:00.000Z');
  });

  test('months count across years, both ways', () => {
    expect(addMonths('2016-12', 1)).toBe('2017-01');
    expect(addMonths('2017-01', -1)).toBe('2016-12');
    expect(addMonths('2016-03', -15)).toBe('2014-12');
    expect(addMonths('1970-01', 24)).toBe('1972-01');
  });

  test('a partition is named after its table and month, and only such names are read back as months', () => {
    expect(partitionName('air_quality_hourly', '2016-12')).toBe('air_quality_hourly_2016_12');
    expect(monthOfPartition('air_quality_hourly', 'air_quality_hourly_2016_12')).toBe('2016-12');
    expect(monthOfPartition('air_quality_hourly', 'air_quality_hourly_2016_12_2')).toBeNull();
    expect(monthOfPartition('weather_hourly', 'air_quality_hourly_2016_12')).toBeNull();
  });

  test("a batch's months: every instant's and day's, each once", () => {
    const set = new MonthSet();
    for (const iso of ['2016-12-31T15:00:00Z', '2016-12-01T00:00:00Z', '2016-12-31T16:00:00Z', '2016-11-30T16:00:00Z', '2016-11-30T15:59:59Z']) set.add(new Date(iso));
    set.add('2014-03-09');
    set.add(null);
    expect([...set.months].sort()).toEqual(['2014-03', '2016-11', '2016-12', '2017-01']);
  });
});

describe('RETENTION_MONTHS and PARTITION_MONTHS_AHEAD', () => {
  test('unset: every month kept, two months created ahead', () => {
    expect(loadConfig({})).toMatchObject({ partitionMonthsAhead: 2, retentionMonths: { all: undefined, byDataset: {} } });
  });

  test('a number for every partitioned dataset, and dataset=months for some', () => {
    expect(loadConfig({ RETENTION_MONTHS: '24' }).retentionMonths).toEqual({ all: 24, byDataset: {} });
    expect(loadConfig({ RETENTION_MONTHS: '24,air-quality-hourly=60,weather-hourly=12' }).retentionMonths).toEqual({
      all: 24,
      byDataset: { 'air-quality-hourly': 60, 'weather-hourly': 12 },
    });
    expect(loadConfig({ RETENTION_MONTHS: 'site-dust-readings=6' }).retentionMonths).toEqual({ all: undefined, byDataset: { 'site-dust-readings': 6 } });
  });

  test('nothing less than a month, and nothing unreadable', () => {
    for (const bad of ['0', 'air-quality-hourly=0', '12,24', 'air-quality-hourly=60,12', '-3', 'forever']) {
      expect(() => loadConfig({ RETENTION_MONTHS: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ PARTITION_MONTHS_AHEAD: '-1' })).toThrow(/PARTITION_MONTHS_AHEAD/);
  });
});
