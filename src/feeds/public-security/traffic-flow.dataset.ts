import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { identifier, instant, integer, quantity, reference } from '../../datasets/field-kinds';

/** Limits: some 2,000 vehicles per lane and hour; 30,000 covers the widest urban expressway both ways. */
export const trafficFlowHourly = defineDataset({
  id: 'traffic-flow-hourly',
  owner: Department.PUBLIC_SECURITY,
  title: 'Traffic flow, hourly',
  description: 'Traffic flow on road segments each hour: vehicles per hour, share of heavy vehicles, mean speed.',
  cadence: 'PT1H',
  typeName: 'TrafficFlow',
  inputName: 'TrafficFlowInput',
  table: 'traffic_flow_hourly',
  query: 'trafficFlow',
  mutation: 'ingestTrafficFlow',
  time: 'observedAt',
  partitionedByMonth: true,
  regionVia: 'segmentId',
  fields: {
    segmentId: { kind: reference('road-segments', identifier({ maxLength: 64 })), key: true, filter: true, relation: 'segment', description: 'Road segment' },
    observedAt: { kind: instant({ stepMinutes: 60 }), key: true, description: 'End of the counting hour (as for air quality and weather: 08:00 is 07:00–08:00)' },
    vehiclesPerHour: { kind: integer(0, 30_000, 'veh/h'), required: true, description: 'Vehicles in the hour, both directions' },
    heavyVehicleShare: { kind: quantity(0, 100, '%'), description: 'Share of heavy vehicles (heavy trucks and buses)' },
    meanSpeed: { kind: quantity(0, 200, 'km/h'), description: 'Mean speed' },
  },
});
