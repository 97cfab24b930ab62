import { useMemo } from 'preact/hooks';
import { FONT_FAMILY, useChart } from './chart';
import { levelColour } from './levels';
import { CityDetail, CityOverview } from './queries';
import { cstShort } from './time';
import { LevelBadge } from './widgets';

const HOTSPOT_KINDS: Record<string, string> = { STRAW_BURNING: '秸秆焚烧 Straw burning', FOREST_FIRE: '森林火灾 Forest fire', OTHER: '其他 Other' };
const HOTSPOT_SOURCES: Record<string, string> = { SATELLITE: '卫星 Satellite', VIDEO: '视频 Video', PATROL: '巡查 Patrol' };
const HOTSPOT_STATUSES: Record<string, string> = { UNVERIFIED: '未核实 Unverified', CONFIRMED: '已确认 Confirmed', FALSE_ALARM: '误报 False alarm' };

function DailyChart({ detail }: { detail: CityDetail }) {
  const option = useMemo(() => {
    const stagnant = new Map(detail.dispersion.map((d) => [d.date, d]));
    return {
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      grid: { left: 44, right: 44, top: 36, bottom: 28 },
      legend: { top: 0, data: ['日AQI Daily AQI', '静稳小时 Stagnant hours'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: detail.cityDailyAqi.map((d) => d.date.slice(5)) },
      yAxis: [
        { type: 'value', name: 'AQI', min: 0 },
        { type: 'value', name: 'h', min: 0, max: 24, interval: 6, splitLine: { show: false } },
      ],
      series: [
        {
          name: '日AQI Daily AQI',
          type: 'bar',
          data: detail.cityDailyAqi.map((d) => ({
            value: d.aqi,
            itemStyle: { color: levelColour(d.level) },
          })),
          tooltip: { valueFormatter: (v: number | null) => (v === null ? '无效 invalid' : String(v)) },
        },
        {
          name: '静稳小时 Stagnant hours',
          type: 'line',
          yAxisIndex: 1,
          symbolSize: 4,
          itemStyle: { color: '#0969da' },
          data: detail.cityDailyAqi.map((d) => stagnant.get(d.date)?.stagnantHours ?? null),
        },
      ],
    };
  }, [detail]);
  const host = useChart(option);
  return <div class="daily-chart" ref={host} role="img" aria-label="近30日日AQI与静稳小时 Daily AQI and stagnant hours, last 30 days" />;
}

/** One city: its latest and yesterday's AQI, the last 30 days, hot spots of the last 24 h, stagnant air (§5.3, §5.4). */
export function CityPanel({ city, detail, error }: { city: CityOverview; detail: CityDetail | null; error: string | null }) {
  const hotspots = detail?.fireHotspots.edges.map((e) => e.node) ?? [];
  const unfavourable = detail?.dispersion.filter((d) => d.unfavourable).length ?? 0;
  const stagnantHours = detail?.dispersion.reduce((n, d) => n + d.stagnantHours, 0) ?? 0;
  return (
    <section class="panel city" aria-labelledby="city-title" data-region={city.regionCode}>
      <h2 id="city-title">
        {city.region.name} <span class="en">{city.regionCode}</span>
      </h2>
      <dl class="figures">
        <div>
          <dt>最新小时 <span class="en">Latest hour</span></dt>
          <dd>
            <b>{city.latestHour?.aqi ?? '—'}</b> <LevelBadge level={city.latestHour?.level} />
            {city.latestHour && <small> {cstShort(city.latestHour.observedAt)}</small>}
          </dd>
        </div>
        <div>
          <dt>昨日 <span class="en">Yesterday</span></dt>
          <dd>
            <b>{city.yesterday?.aqi ?? '—'}</b> <LevelBadge level={city.yesterday?.level} />
          </dd>
        </div>
        <div>
          <dt>24小时火点 <span class="en">Hot spots, 24 h (≤ 50 km)</span></dt>
          <dd><b>{city.hotspots24h}</b></dd>
        </div>
        <div>
          <dt>在建工地 <span class="en">Active sites</span></dt>
          <dd><b>{city.activeSites}</b></dd>
        </div>
        <div>
          <dt>用电异常企业 <span class="en">Energy anomalies</span></dt>
          <dd><b>{city.energyAnomalies}</b></dd>
        </div>
        <div>
          <dt>近30日静稳 <span class="en">Stagnant, 30 days</span></dt>
          <dd>
            <b>{stagnantHours}</b> h · {unfavourable} 不利天 <span class="en">unfavourable days</span>
          </dd>
        </div>
      </dl>
      {error && <p class="problem">{error}</p>}
      {detail && <DailyChart detail={detail} />}
      <h3>
        本市24小时火点 <span class="en">Hot spots in the city, last 24 h</span>
      </h3>
      {hotspots.length === 0 ? (
        <p class="note">无 <span class="en">None</span></p>
      ) : (
        <ul class="hotspots">
          {hotspots.map((h) => (
            <li key={h.id}>
              {cstShort(h.detectedAt)} · {h.kind ? (HOTSPOT_KINDS[h.kind] ?? h.kind) : '未分类 Unclassified'} · {HOTSPOT_SOURCES[h.source] ?? h.source} · {HOTSPOT_STATUSES[h.status] ?? h.status}
              {h.latitude !== null && h.longitude !== null ? ` · ${h.latitude.toFixed(2)}, ${h.longitude.toFixed(2)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
