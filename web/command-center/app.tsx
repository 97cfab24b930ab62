import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Gql, KeyRefused } from './api';
import { Alerts } from './alerts';
import { CityPanel } from './city-panel';
import { FreshnessTable } from './freshness';
import { LiveMode, startLive } from './live';
import { Position, ProvinceMap, stationsByCity } from './province-map';
import { CATALOG, CITY, CityDetail, Dataset, OVERVIEW, Overview, PROVINCES, Province, SCORES, STATIONS, Score, StationNode } from './queries';
import { ScoreTable } from './score-table';
import { addDays, cstDate, cstLocalInput, fromCstLocalInput } from './time';

/** Seconds between re-reads unless `?refresh=` says otherwise. */
const DEFAULT_REFRESH_SECONDS = 15;
const HOUR_MS = 3_600_000;

interface Props {
  gql: Gql;
  apiKey: string;
  onKeyRefused: () => void;
  onSignOut: () => void;
}

/** `?province=`, `?at=` (an ISO instant: the demo is December 2016), `?city=`, `?refresh=` (seconds). */
function readParams() {
  const params = new URLSearchParams(location.search);
  const refresh = Number(params.get('refresh'));
  return {
    province: params.get('province'),
    at: params.get('at'),
    city: params.get('city'),
    refreshMs: (Number.isFinite(refresh) && refresh > 0 ? refresh : DEFAULT_REFRESH_SECONDS) * 1000,
  };
}

function writeParams(values: Record<string, string | null>): void {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

export function App({ gql, apiKey, onKeyRefused, onSignOut }: Props) {
  const initial = useMemo(readParams, []);
  const [provinces, setProvinces] = useState<Province[]>([]);
  const [province, setProvince] = useState<string | null>(initial.province);
  const [at, setAt] = useState<string | null>(initial.at);
  const [selected, setSelected] = useState<string | null>(initial.city);
  const [catalog, setCatalog] = useState<Dataset[]>([]);
  const [stations, setStations] = useState<Map<string, Position[]>>(new Map());
  const [overview, setOverview] = useState<Overview | null>(null);
  const [scores, setScores] = useState<{ month: string; rows: Score[] } | null>(null);
  const [detail, setDetail] = useState<CityDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [mode, setMode] = useState<LiveMode>('polling');

  const fail = useCallback(
    (set: (message: string) => void) => (e: unknown) => (e instanceof KeyRefused ? onKeyRefused() : set(e instanceof Error ? e.message : String(e))),
    [onKeyRefused],
  );

  useEffect(() => {
    gql<{ regions: { edges: { node: Province }[] } }>(PROVINCES)
      .then((d) => {
        const found = d.regions.edges.map((e) => e.node);
        setProvinces(found);
        setProvince((p) => p ?? found[0]?.code ?? null);
        if (!found.length) setError('没有省级行政区 No PROVINCE region is stored yet');
      })
      .catch(fail(setError));
    gql<{ datasets: Dataset[] }>(CATALOG).then((d) => setCatalog(d.datasets), fail(setError));
  }, [gql, fail]);

  useEffect(() => {
    if (!province) return;
    writeParams({ province });
    setStations(new Map());
    gql<{ airStations: { edges: { node: StationNode }[] } }>(STATIONS, { province })
      .then((d) => setStations(stationsByCity(d.airStations.edges.map((e) => e.node))))
      .catch(fail(setError));
  }, [gql, province, fail]);

  useEffect(() => writeParams({ at, city: selected }), [at, selected]);

  // Only the newest read may draw: an older answer arriving late is dropped.
  const generation = useRef(0);
  const refresh = useCallback(async () => {
    if (!province) return;
    const mine = ++generation.current;
    const instant = at ? new Date(at) : new Date();
    const month = addDays(cstDate(instant), -1).slice(0, 7);
    try {
      const [o, s] = await Promise.all([
        gql<{ provinceOverview: Overview }>(OVERVIEW, { province, at }),
        gql<{ monthlyScores: Score[] }>(SCORES, { province, month }),
      ]);
      if (mine !== generation.current) return;
      setOverview(o.provinceOverview);
      setScores({ month, rows: s.monthlyScores });
      setError(null);
      setUpdatedAt(new Date());
    } catch (e) {
      fail(setError)(e);
    }
  }, [gql, province, at, fail]);

  useEffect(() => {
    setOverview(null);
    setScores(null);
    void refresh();
  }, [refresh]);

  const cities = overview?.cities ?? [];
  const city = cities.find((c) => c.regionCode === selected) ?? cities[0] ?? null;
  const cityCodes = cities.map((c) => c.regionCode).join(',');

  useEffect(() => {
    if (!province || !cityCodes) return undefined;
    return startLive({ key: apiKey, gql, provinceCode: province, cityCodes: cityCodes.split(','), intervalMs: initial.refreshMs, refresh: () => void refresh(), onMode: setMode });
  }, [apiKey, gql, province, cityCodes, initial.refreshMs, refresh]);

  // The selected city's last 30 days, re-read with every overview.
  useEffect(() => {
    if (!overview || !city) return;
    const until = new Date(overview.at);
    const yesterday = addDays(cstDate(until), -1);
    gql<CityDetail>(CITY, {
      city: city.regionCode,
      from: addDays(yesterday, -29),
      to: yesterday,
      since: new Date(until.getTime() - 24 * HOUR_MS).toISOString(),
      until: until.toISOString(),
    }).then(
      (d) => {
        setDetail(d);
        setDetailError(null);
      },
      fail(setDetailError),
    );
  }, [gql, overview, city?.regionCode, fail]);

  const shownAt = overview ? new Date(overview.at) : at ? new Date(at) : null;
  return (
    <div class="app" data-updated={updatedAt?.getTime() ?? ''}>
      <header>
        <h1>
          蓝天指挥中心 <span class="en">Lantian command center</span>
        </h1>
        <label>
          省份 <span class="en">Province</span>{' '}
          <select value={province ?? ''} onChange={(e) => { setSelected(null); setProvince(e.currentTarget.value); }}>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} {p.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          时间 (北京时间) <span class="en">Time (CST)</span>{' '}
          <input
            type="datetime-local"
            value={shownAt ? cstLocalInput(shownAt) : ''}
            onChange={(e) => e.currentTarget.value && setAt(fromCstLocalInput(e.currentTarget.value).toISOString())}
          />
        </label>
        <button type="button" onClick={() => setAt(null)} disabled={at === null}>
          现在 <span class="en">Now</span>
        </button>
        <span class={`live live-${mode}`} title={mode === 'subscriptions' ? 'graphql-ws' : `${initial.refreshMs / 1000} s`}>
          {mode === 'subscriptions' ? '实时推送 Live' : `每 ${initial.refreshMs / 1000} 秒刷新 Every ${initial.refreshMs / 1000} s`}
          {updatedAt && ` · ${updatedAt.toLocaleTimeString('zh-CN', { hour12: false })}`}
        </span>
        <nav>
          <a href="/graphql">GraphQL 浏览器 <span class="en">Explorer</span></a>
          <button type="button" onClick={onSignOut}>
            退出 <span class="en">Sign out</span>
          </button>
        </nav>
      </header>
      {error && <p class="problem" role="alert">{error}</p>}
      {overview && (
        <main>
          <ProvinceMap cities={cities} stations={stations} selected={city?.regionCode ?? null} onSelect={setSelected} />
          {city && <CityPanel city={city} detail={detail} error={detailError} />}
          {scores && <ScoreTable month={scores.month} scores={scores.rows} selected={city?.regionCode ?? null} onSelect={setSelected} />}
          <Alerts cities={cities} />
          <FreshnessTable cities={cities} catalog={catalog} />
        </main>
      )}
      {!overview && !error && <p class="note loading">加载中… <span class="en">Loading…</span></p>}
    </div>
  );
}
