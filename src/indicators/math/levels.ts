/** AQI levels: HJ 633—2012 表2 and 附录A (colours), unchanged in HJ 633—2026. */

export type AqiLevel =
  | 'EXCELLENT'
  | 'GOOD'
  | 'LIGHTLY_POLLUTED'
  | 'MODERATELY_POLLUTED'
  | 'HEAVILY_POLLUTED'
  | 'SEVERELY_POLLUTED';

export interface AqiLevelInfo {
  readonly level: AqiLevel;
  readonly nameZh: string;
  readonly nameEn: string;
  /** 空气质量指数级别. */
  readonly grade: string;
  readonly colour: string;
  readonly minAqi: number;
  /** null: no upper bound. */
  readonly maxAqi: number | null;
}

export const AQI_LEVELS: readonly AqiLevelInfo[] = [
  { level: 'EXCELLENT', nameZh: '优', nameEn: 'Excellent', grade: '一级', colour: '#00E400', minAqi: 0, maxAqi: 50 },
  { level: 'GOOD', nameZh: '良', nameEn: 'Good', grade: '二级', colour: '#FFFF00', minAqi: 51, maxAqi: 100 },
  {
    level: 'LIGHTLY_POLLUTED',
    nameZh: '轻度污染',
    nameEn: 'Lightly polluted',
    grade: '三级',
    colour: '#FF7E00',
    minAqi: 101,
    maxAqi: 150,
  },
  {
    level: 'MODERATELY_POLLUTED',
    nameZh: '中度污染',
    nameEn: 'Moderately polluted',
    grade: '四级',
    colour: '#FF0000',
    minAqi: 151,
    maxAqi: 200,
  },
  {
    level: 'HEAVILY_POLLUTED',
    nameZh: '重度污染',
    nameEn: 'Heavily polluted',
    grade: '五级',
    colour: '#99004C',
    minAqi: 201,
    maxAqi: 300,
  },
  {
    level: 'SEVERELY_POLLUTED',
    nameZh: '严重污染',
    nameEn: 'Severely polluted',
    grade: '六级',
    colour: '#7E0023',
    minAqi: 301,
    maxAqi: null,
  },
];

/** The level of an AQI (an integer ≥ 0). */
export function aqiLevel(aqi: number): AqiLevel {
  return aqiLevelInfoFor(aqi).level;
}

/** Everything about the level of an AQI. */
export function aqiLevelInfoFor(aqi: number): AqiLevelInfo {
  if (!Number.isInteger(aqi) || aqi < 0) throw new RangeError(`Not an AQI: ${aqi}`);
  const info = AQI_LEVELS.find((candidate) => candidate.maxAqi === null || aqi <= candidate.maxAqi);
  if (!info) throw new RangeError(`No level for AQI ${aqi}`);
  return info;
}

export function aqiLevelInfo(level: AqiLevel): AqiLevelInfo {
  const info = AQI_LEVELS.find((candidate) => candidate.level === level);
  if (!info) throw new RangeError(`Unknown level: ${String(level)}`);
  return info;
}
