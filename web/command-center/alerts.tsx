import { CityOverview } from './queries';
import { cstShort } from './time';
import { formatNumber } from './widgets';

const ALERT_NAMES: Record<string, string> = { YELLOW: '黄色 Yellow', ORANGE: '橙色 Orange', RED: '红色 Red' };

/** Active heavy-pollution alerts and whether their emergency cuts happened (indicators.md §5.2). */
export function Alerts({ cities }: { cities: CityOverview[] }) {
  const alerted = cities.filter((c) => c.activeAlert);
  return (
    <section class="panel alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">
        重污染天气预警 <span class="en">Active heavy-pollution alerts</span>
      </h2>
      {alerted.length === 0 && <p class="note">当前无预警 <span class="en">No active alert</span></p>}
      {alerted.map(({ regionCode, region, activeAlert: alert }) => {
        const c = alert!.compliance;
        const nonCompliant = c.enterprises.filter((e) => e.status === 'NON_COMPLIANT');
        return (
          <article key={regionCode} class="alert" data-region={regionCode}>
            <h3>
              <span class={`alert-level alert-${alert!.level.toLowerCase()}`}>{ALERT_NAMES[alert!.level] ?? alert!.level}</span> {region.name}
            </h3>
            <p class="when">
              {cstShort(alert!.startsAt)} → {alert!.endsAt ? cstShort(alert!.endsAt) : '未解除 open'} · 要求减排 <span class="en">required cut</span> {c.requiredCutPercent}%
            </p>
            <p class="counts">
              <span class="ok">达标 <span class="en">compliant</span> {c.compliant}</span> ·{' '}
              <span class="bad">未达标 <span class="en">non-compliant</span> {c.nonCompliant}</span> · <span>未知 <span class="en">unknown</span> {c.unknown}</span>
            </p>
            {nonCompliant.length > 0 && (
              <ul class="non-compliant">
                {nonCompliant.map((e) => (
                  <li key={e.creditCode}>
                    {e.enterprise?.name ?? e.creditCode} ({e.grade}) — 实际减排 <span class="en">achieved</span> {formatNumber(e.achievedCutPercent)}%
                  </li>
                ))}
              </ul>
            )}
            {c.sitesWithMachinery.length > 0 && (
              <p class="bad">
                预警期间工地机械作业 <span class="en">Machinery at work during the alert</span>:{' '}
                {c.sitesWithMachinery.map((s) => `${s.site?.name ?? s.siteId} (${s.days.map((d) => `${d.date.slice(5)}: ${d.machinesInUse}`).join(', ')})`).join('; ')}
              </p>
            )}
            {c.muckTrucks.some((d) => (d.vehiclesActive ?? 0) > 0) && (
              <p class="bad">
                渣土车上路 <span class="en">Muck trucks active</span>: {c.muckTrucks.filter((d) => (d.vehiclesActive ?? 0) > 0).map((d) => `${d.date.slice(5)}: ${d.vehiclesActive}`).join(', ')}
              </p>
            )}
          </article>
        );
      })}
    </section>
  );
}
