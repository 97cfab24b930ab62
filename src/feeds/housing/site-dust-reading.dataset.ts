import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { instant, quantity, reference, text } from '../../datasets/field-kinds';
import { SITE_DUST_HOURS_AGGREGATE, queueSiteDustHours } from './site-dust-hours.rollup';

/**
 * Construction-site dust monitors: quarter-hour (or hourly: also on the 15-minute step) readings. Physical limits as
 * for air quality (PM up to 20,000 µg/m³); TSP next to earthworks goes further (50,000).
 */
export const siteDustReadings = defineDataset({
  id: 'site-dust-readings',
  owner: Department.HOUSING,
  title: 'Construction-site dust readings',
  description: 'Online dust monitoring of construction sites (扬尘在线监测): PM10, and PM2.5 and TSP where measured, per site every 15 minutes or hour.',
  cadence: 'PT15M',
  typeName: 'SiteDustReading',
  inputName: 'SiteDustReadingInput',
  table: 'site_dust_readings',
  query: 'siteDustReadings',
  mutation: 'ingestSiteDustReadings',
  time: 'observedAt',
  partitionedByMonth: true,
  regionVia: 'siteId',
  fields: {
    siteId: { kind: reference('construction-sites', text({ maxLength: 64 })), key: true, filter: true, relation: 'site', description: 'Construction site' },
    observedAt: { kind: instant({ stepMinutes: 15 }), key: true, description: 'End of the averaging period (on a 15-minute step: :00, :15, :30, :45)' },
    pm10: { kind: quantity(0, 20_000, 'µg/m³'), required: true, description: 'PM10' },
    pm25: { kind: quantity(0, 20_000, 'µg/m³'), description: 'PM2.5, where measured' },
    tsp: { kind: quantity(0, 50_000, 'µg/m³'), description: 'Total suspended particulates (TSP), where measured' },
  },
  // Queues the site-hours these readings feed, in the same transaction.
  afterWrite: queueSiteDustHours,
  // Whole hours of an aggregate asking only PM10 figures are read from the rollup.
  rollup: SITE_DUST_HOURS_AGGREGATE,
});
