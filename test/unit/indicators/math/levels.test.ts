import { aqiLevel, aqiLevelInfo, aqiLevelInfoFor } from '../../../../src/indicators/math/levels';

describe('AQI levels (HJ 633 表2)', () => {
  it.each([
    [0, 'EXCELLENT'],
    [50, 'EXCELLENT'],
    [51, 'GOOD'],
    [100, 'GOOD'],
    [101, 'LIGHTLY_POLLUTED'],
    [150, 'LIGHTLY_POLLUTED'],
    [151, 'MODERATELY_POLLUTED'],
    [200, 'MODERATELY_POLLUTED'],
    [201, 'HEAVILY_POLLUTED'],
    [300, 'HEAVILY_POLLUTED'],
    [301, 'SEVERELY_POLLUTED'],
    [500, 'SEVERELY_POLLUTED'],
  ])('AQI %p is %s', (aqi, level) => {
    expect(aqiLevel(aqi)).toBe(level);
  });

  it.each([
    ['EXCELLENT', '优', 'Excellent', '一级', '#00E400'],
    ['GOOD', '良', 'Good', '二级', '#FFFF00'],
    ['LIGHTLY_POLLUTED', '轻度污染', 'Lightly polluted', '三级', '#FF7E00'],
    ['MODERATELY_POLLUTED', '中度污染', 'Moderately polluted', '四级', '#FF0000'],
    ['HEAVILY_POLLUTED', '重度污染', 'Heavily polluted', '五级', '#99004C'],
    ['SEVERELY_POLLUTED', '严重污染', 'Severely polluted', '六级', '#7E0023'],
  ] as const)('%s is %s / %s, %s, %s', (level, nameZh, nameEn, grade, colour) => {
    expect(aqiLevelInfo(level)).toMatchObject({ nameZh, nameEn, grade, colour });
  });

  it('gives the range of the level of an AQI', () => {
    expect(aqiLevelInfoFor(120)).toMatchObject({ minAqi: 101, maxAqi: 150 });
    expect(aqiLevelInfoFor(301)).toMatchObject({ minAqi: 301, maxAqi: null });
  });

  it('rejects what is not an AQI', () => {
    expect(() => aqiLevel(-1)).toThrow(RangeError);
    expect(() => aqiLevel(50.5)).toThrow(RangeError);
  });
});
