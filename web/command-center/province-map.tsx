import { useMemo } from 'preact/hooks';
import { escapeHtml, FONT_FAMILY, useChart } from './chart';
import { LevelBadge } from './widgets';
import { levelColour, levelInfo, LEVELS } from './levels';
import { CityOverview, StationNode } from './queries';
import { cstShort } from './time';

export interface Position {
  latitude: number;
  longitude: number;
}

/** Each city's stations (a station sits in the city or in one of its counties), and their mean position. */
export function stationsByCity(stations: StationNode[]): Map<string, Position[]> {
  const byCity = new Map<string, Position[]>();
  for (const s of stations) {
    if (s.latitude === null || s.longitude === null || !s.region) continue;
    const city = s.region.level === 'CITY' ? s.region.code : s.region.parent?.level === 'CITY' ? s.region.parent.code : null;
    if (!city) continue;
    byCity.set(city, [...(byCity.get(city) ?? []), { latitude: s.latitude, longitude: s.longitude }]);
  }
  return byCity;
}

function mean(positions: Position[]): Position {
  return {
    latitude: positions.reduce((sum, p) => sum + p.latitude, 0) / positions.length,
    longitude: positions.reduce((sum, p) => sum + p.longitude, 0) / positions.length,
  };
}

interface Props {
  cities: CityOverview[];
  stations: Map<string, Position[]>;
  selected: string | null;
  onSelect: (city: string) => void;
}

/** The province's cities at their stations' mean position, coloured by their latest hourly AQI level. */
export function ProvinceMap({ cities, stations, selected, onSelect }: Props) {
  const placed = cities.filter((c) => stations.has(c.regionCode));
  const unplaced = cities.filter((c) => !stations.has(c.regionCode));
  const option = useMemo(() => {
    const all = [...stations.values()].flat();
    const lons = all.map((p) => p.longitude);
    const lats = all.map((p) => p.latitude);
    // At least half a degree around the stations, so one city is not a point on an empty axis.
    const pad = (values: number[]) => Math.max(0.5, (Math.max(...values) - Math.min(...values)) * 0.15);
    const bounds = all.length
      ? { xMin: Math.min(...lons) - pad(lons), xMax: Math.max(...lons) + pad(lons), yMin: Math.min(...lats) - pad(lats), yMax: Math.max(...lats) + pad(lats) }
      : { xMin: 73, xMax: 135, yMin: 18, yMax: 54 };
    return {
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      grid: { left: 56, right: 110, top: 20, bottom: 44 },
      xAxis: { type: 'value', name: '经度 Lon', nameLocation: 'middle', nameGap: 26, min: Math.floor(bounds.xMin * 10) / 10, max: Math.ceil(bounds.xMax * 10) / 10, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', name: '纬度 Lat', nameLocation: 'middle', nameGap: 40, min: Math.floor(bounds.yMin * 10) / 10, max: Math.ceil(bounds.yMax * 10) / 10, splitLine: { lineStyle: { type: 'dashed' } } },
      tooltip: { trigger: 'item', confine: true },
      series: [
        {
          id: 'stations',
          type: 'scatter',
          silent: true,
          symbolSize: 6,
          itemStyle: { color: '#8c959f' },
          data: all.map((p) => [p.longitude, p.latitude]),
          z: 1,
        },
        {
          id: 'cities',
          type: 'scatter',
          symbolSize: 28,
          z: 2,
          cursor: 'pointer',
          data: placed.map((city) => {
            const at = mean(stations.get(city.regionCode)!);
            const info = levelInfo(city.latestHour?.level);
            const isSelected = city.regionCode === selected;
            return {
              name: city.region.name,
              value: [at.longitude, at.latitude],
              regionCode: city.regionCode,
              itemStyle: { color: levelColour(city.latestHour?.level), opacity: 1, borderColor: isSelected ? '#0969da' : '#ffffff', borderWidth: isSelected ? 4 : 2 },
              label: {
                show: true,
                position: 'right',
                formatter: `${city.region.name}\n${city.latestHour?.aqi ?? '—'}`,
                color: '#1f2328',
                fontWeight: isSelected ? 'bold' : 'normal',
              },
              tooltip: {
                formatter: () =>
                  `<b>${escapeHtml(city.region.name)}</b><br>AQI ${city.latestHour?.aqi ?? '—'} · ${info ? `${info.nameZh} ${info.nameEn}` : '无数据 No data'}` +
                  (city.latestHour ? `<br>${cstShort(city.latestHour.observedAt)} 北京时间 CST` : ''),
              },
            };
          }),
        },
      ],
    };
  }, [cities, stations, selected]);
  const host = useChart(option, (event) => {
    const code = (event.data as { regionCode?: string } | undefined)?.regionCode;
    if (event.seriesId === 'cities' && code) onSelect(code);
  });

  return (
    <section class="panel map" aria-labelledby="map-title">
      <h2 id="map-title">
        各市最新小时 AQI <span class="en">Latest hourly AQI by city</span>
      </h2>
      <div class="map-chart" ref={host} role="img" aria-label="各市空气质量地图 Map of the cities' air quality" />
      <ul class="legend">
        {LEVELS.map((l) => (
          <li key={l.level}>
            <LevelBadge level={l.level} /> {l.minAqi}–{l.maxAqi ?? '∞'}
          </li>
        ))}
      </ul>
      {unplaced.length > 0 && (
        <p class="note">
          无站点坐标，未绘制 <span class="en">No station position, not drawn</span>: {unplaced.map((c) => c.region.name).join('、')}
        </p>
      )}
    </section>
  );
}
