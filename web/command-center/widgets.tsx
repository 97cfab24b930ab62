import type { AqiLevel } from '../../src/indicators/math/levels';
import { levelColour, levelInfo, textOn } from './levels';

export function LevelBadge({ level }: { level: AqiLevel | null | undefined }) {
  const info = levelInfo(level);
  return (
    <span class="badge" style={{ background: levelColour(level), color: textOn(level) }}>
      {info ? `${info.nameZh} ${info.nameEn}` : '无数据 No data'}
    </span>
  );
}

export function Zh({ zh, en }: { zh: string; en: string }) {
  return (
    <>
      {zh} <span class="en">{en}</span>
    </>
  );
}

export const formatNumber = (value: number | null | undefined, digits = 1) => (value === null || value === undefined ? '—' : value.toFixed(digits));
