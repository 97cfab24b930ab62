import {
  editionById,
  editionForDate,
  editionForHour,
  editionForPeriod,
  exceedsGradeII,
  HJ_633_2012,
  HJ_633_2026,
} from '../../../../src/indicators/math/editions';
import { hourSlot } from '../../../../src/indicators/math/time';

describe('which edition applies', () => {
  it.each([
    ['2013-01-01', 'HJ_633_2012'],
    ['2026-02-28', 'HJ_633_2012'],
    ['2026-03-01', 'HJ_633_2026'],
    ['2030-12-31', 'HJ_633_2026'],
  ])('the day %s follows %s', (date, id) => {
    expect(editionForDate(date).id).toBe(id);
  });

  it.each([
    // The value stamped 00:00 is the mean of 23:00–00:00 of the day before: still 2012.
    ['2026-03-01T00:00:00+08:00', 'HJ_633_2012'],
    ['2026-03-01T01:00:00+08:00', 'HJ_633_2026'],
    ['2026-02-28T16:00:00Z', 'HJ_633_2012'], // = 2026-03-01 00:00 CST
    ['2026-02-28T17:00:00Z', 'HJ_633_2026'], // = 2026-03-01 01:00 CST
  ])('the hourly value stamped %s follows %s', (stamp, id) => {
    expect(editionForHour(new Date(stamp)).id).toBe(id);
  });

  it('a period follows the rules of its last day', () => {
    expect(editionForPeriod('2026-02-28').id).toBe('HJ_633_2012');
    expect(editionForPeriod('2026-03-01').id).toBe('HJ_633_2026');
  });

  it('finds editions by their GraphQL enum value', () => {
    expect(editionById('HJ_633_2012')).toBe(HJ_633_2012);
    expect(editionById('HJ_633_2026')).toBe(HJ_633_2026);
  });

  it('rejects malformed dates', () => {
    expect(() => editionForDate('2026-02-30')).toThrow(RangeError);
    expect(() => editionForDate('2026-3-1')).toThrow(RangeError);
  });
});

describe('hour slots of end-stamped values', () => {
  it.each([
    ['2026-03-01T00:00:00+08:00', '2026-02-28', 23],
    ['2026-03-01T01:00:00+08:00', '2026-03-01', 0],
    ['2026-03-01T08:00:00+08:00', '2026-03-01', 7],
    ['2026-03-01T15:00:00+08:00', '2026-03-01', 14],
    ['2026-03-01T23:00:00+08:00', '2026-03-01', 22],
  ])('%s is slot %p… of day %s', (stamp, date, index) => {
    expect(hourSlot(new Date(stamp))).toEqual({ date, index });
  });

  it('rejects a stamp that is not on the hour', () => {
    expect(() => hourSlot(new Date('2026-03-01T08:30:00+08:00'))).toThrow(RangeError);
  });
});

describe('edition tables', () => {
  it('composite-index divisors Sᵢ', () => {
    expect(HJ_633_2012.compositeIndexDivisors).toEqual({ SO2: 60, NO2: 40, PM10: 70, PM2_5: 35, CO: 4, O3: 160 });
    expect(HJ_633_2026.compositeIndexDivisors).toEqual({ SO2: 60, NO2: 40, PM10: 60, PM2_5: 30, CO: 4, O3: 160 });
  });

  it('daily AQI indicator sets: the O3 max 1-hour value only in 2012', () => {
    expect([...HJ_633_2012.dailyIndicators].sort()).toEqual(['co', 'no2', 'o3Max1h', 'o3Max8h', 'pm10', 'pm25', 'so2']);
    expect([...HJ_633_2026.dailyIndicators].sort()).toEqual(['co', 'no2', 'o3Max8h', 'pm10', 'pm25', 'so2']);
  });

  it('exceedance uses the grade-II limit of the edition, strictly above it', () => {
    expect(exceedsGradeII('PM2_5_24H', 75, HJ_633_2012)).toBe(false);
    expect(exceedsGradeII('PM2_5_24H', 76, HJ_633_2012)).toBe(true);
    expect(exceedsGradeII('PM2_5_24H', 70, HJ_633_2012)).toBe(false);
    expect(exceedsGradeII('PM2_5_24H', 70, HJ_633_2026)).toBe(true);
    expect(exceedsGradeII('PM10_24H', 130, HJ_633_2012)).toBe(false);
    expect(exceedsGradeII('PM10_24H', 130, HJ_633_2026)).toBe(true);
    expect(exceedsGradeII('O3_8H', 161, HJ_633_2026)).toBe(true);
  });
});
