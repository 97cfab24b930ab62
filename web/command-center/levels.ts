// The AQI levels and their standard colours (HJ 633 附录A), shared with the server's arithmetic.
import { AQI_LEVELS, AqiLevel, AqiLevelInfo } from '../../src/indicators/math/levels';

/** A city or day without a valid AQI. */
export const NO_DATA_COLOUR = '#d0d7de';

export const LEVELS: readonly AqiLevelInfo[] = AQI_LEVELS;

export function levelInfo(level: AqiLevel | null | undefined): AqiLevelInfo | undefined {
  return AQI_LEVELS.find((l) => l.level === level);
}

export function levelColour(level: AqiLevel | null | undefined): string {
  return levelInfo(level)?.colour ?? NO_DATA_COLOUR;
}

/** Dark text on the light colours (excellent, good, light), white on the dark ones. */
export function textOn(level: AqiLevel | null | undefined): string {
  return level === 'HEAVILY_POLLUTED' || level === 'SEVERELY_POLLUTED' || level === 'MODERATELY_POLLUTED' ? '#fff' : '#1f2328';
}
