import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { quantity, regionCode, text } from '../../datasets/field-kinds';

export const weatherStations = defineDataset({
  id: 'weather-stations',
  owner: Department.METEOROLOGY,
  title: 'Weather stations',
  description: 'Surface weather stations: region, location and elevation.',
  cadence: 'on change',
  typeName: 'WeatherStation',
  inputName: 'WeatherStationInput',
  table: 'weather_stations',
  query: 'weatherStations',
  mutation: 'upsertWeatherStations',
  coordinates: true,
  fields: {
    code: {
      kind: text({ pattern: /^[A-Za-z0-9_-]{1,20}$/, what: 'a station code (5-digit WMO-style or local)' }),
      key: true,
      formerName: 'id',
      description: 'Station code, 5-digit WMO-style (56294) or local',
    },
    name: { kind: text({ maxLength: 100 }), required: true, description: 'Name' },
    regionCode: { kind: regionCode(), required: true, filter: true, description: 'Region the station stands in' },
    elevation: { kind: quantity(-500, 9000, 'm'), description: 'Elevation above sea level' },
  },
});
