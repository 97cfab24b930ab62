import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { amount, instant, quantity, reference, text } from '../../datasets/field-kinds';

/** Physical limits (feeds.md): humidity 0–100 %, wind 0–75 m/s, temperature −60…60 °C. */
export const weatherHourly = defineDataset({
  id: 'weather-hourly',
  owner: Department.METEOROLOGY,
  title: 'Hourly weather',
  description: 'Hourly surface observations: temperature, humidity, wind, pressure, precipitation, visibility, mixing-layer height.',
  cadence: 'PT1H',
  typeName: 'WeatherObservation',
  inputName: 'WeatherInput',
  table: 'weather_hourly',
  query: 'weatherObservations',
  mutation: 'ingestWeather',
  time: 'observedAt',
  partitionedByMonth: true,
  regionVia: 'stationCode',
  fields: {
    stationCode: {
      kind: reference('weather-stations', text({ maxLength: 20 })),
      key: true,
      filter: true,
      relation: 'station',
      formerName: 'stationId',
      description: 'Weather station (its code)',
    },
    observedAt: { kind: instant({ stepMinutes: 60 }), key: true, description: 'End of the observation hour' },
    temperature: { kind: quantity(-60, 60, '°C'), description: 'Air temperature' },
    relativeHumidity: { kind: quantity(0, 100, '%'), description: 'Relative humidity' },
    windSpeed: { kind: quantity(0, 75, 'm/s'), description: 'Mean wind speed' },
    windDirection: { kind: quantity(0, 360, '°'), description: 'Wind direction, degrees from north' },
    pressure: { kind: quantity(500, 1100, 'hPa'), description: 'Station pressure' },
    precipitation: { kind: amount(0, 500, 'mm'), description: 'Precipitation in the hour' },
    visibility: { kind: quantity(0, 100, 'km'), description: 'Visibility' },
    mixingLayerHeight: { kind: quantity(0, 10000, 'm'), description: 'Mixing-layer height, when measured' },
  },
});
