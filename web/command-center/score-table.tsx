import { useState } from 'preact/hooks';
import { Score } from './queries';
import { formatNumber } from './widgets';

type Column = keyof Pick<Score, 'provinceRank' | 'regionName' | 'total' | 'dailyRank' | 'improvement' | 'goodDays' | 'heavyPollution' | 'bonus' | 'validDays' | 'complete'>;

const COLUMNS: { key: Column; zh: string; en: string; numeric: boolean }[] = [
  { key: 'provinceRank', zh: '排名', en: 'Rank', numeric: true },
  { key: 'regionName', zh: '城市', en: 'City', numeric: false },
  { key: 'total', zh: '总分', en: 'Total', numeric: true },
  { key: 'dailyRank', zh: '日排名', en: 'Daily rank (Art. 4)', numeric: true },
  { key: 'improvement', zh: '改善', en: 'Improvement (Art. 5)', numeric: true },
  { key: 'goodDays', zh: '优良天数', en: 'Good days (Art. 6)', numeric: true },
  { key: 'heavyPollution', zh: '重污染', en: 'Heavy pollution (Art. 7)', numeric: true },
  { key: 'bonus', zh: '加分', en: 'Bonus (Art. 8)', numeric: true },
  { key: 'validDays', zh: '有效天数', en: 'Valid days', numeric: true },
  { key: 'complete', zh: '数据完整', en: 'Complete', numeric: false },
];

function compare(a: Score, b: Score, key: Column): number {
  const x = a[key];
  const y = b[key];
  // A city without a rank (no valid day) sorts after every ranked one, whichever the direction.
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  if (typeof x === 'string') return x.localeCompare(y as string, 'zh-CN');
  return Number(x) - Number(y);
}

interface Props {
  month: string;
  scores: Score[];
  selected: string | null;
  onSelect: (city: string) => void;
}

/** The month's Sichuan Annex 2 scores (indicators.md §4), sortable by any column. */
export function ScoreTable({ month, scores, selected, onSelect }: Props) {
  const [sort, setSort] = useState<{ key: Column; descending: boolean }>({ key: 'provinceRank', descending: false });
  const rows = [...scores].sort((a, b) => {
    const order = compare(a, b, sort.key);
    const nullLast = a[sort.key] === null || b[sort.key] === null;
    return (sort.descending && !nullLast ? -order : order) || a.regionCode.localeCompare(b.regionCode);
  });
  const toggle = (key: Column) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'provinceRank' && key !== 'regionName' }));
  return (
    <section class="panel scores" aria-labelledby="scores-title">
      <h2 id="scores-title">
        {month} 月度考核 <span class="en">Annex 2 monthly scores</span>
      </h2>
      {scores.length === 0 ? (
        <p class="note">本月无评分 <span class="en">No score this month</span></p>
      ) : (
        <table class="score-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} class={c.numeric ? 'num' : ''} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" data-column={c.key} onClick={() => toggle(c.key)}>
                    {c.zh} <span class="en">{c.en}</span>
                    <span class="arrow">{sort.key === c.key ? (sort.descending ? '▼' : '▲') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.regionCode} data-region={s.regionCode} class={s.regionCode === selected ? 'selected' : ''} onClick={() => onSelect(s.regionCode)}>
                <td class="num">{s.provinceRank ?? '—'}</td>
                <td>{s.regionName}</td>
                <td class="num total">{formatNumber(s.total, 2)}</td>
                <td class="num">{formatNumber(s.dailyRank, 2)}</td>
                <td class="num">{formatNumber(s.improvement, 2)}</td>
                <td class="num">{formatNumber(s.goodDays, 2)}</td>
                <td class="num">{formatNumber(s.heavyPollution, 2)}</td>
                <td class="num">{formatNumber(s.bonus, 2)}</td>
                <td class="num">{s.validDays}</td>
                <td class={s.complete ? 'complete' : 'incomplete'}>{s.complete ? '是 Yes' : '否 No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
