import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { flag, identifier, regionCode, text } from '../../datasets/field-kinds';

export const roadSegments = defineDataset({
  id: 'road-segments',
  owner: Department.PUBLIC_SECURITY,
  title: 'Road segments',
  description: 'Urban road segments with traffic counts: name, region, and whether the segment is on a main road (主干道).',
  cadence: 'on change',
  typeName: 'RoadSegment',
  inputName: 'RoadSegmentInput',
  table: 'road_segments',
  query: 'roadSegments',
  mutation: 'upsertRoadSegments',
  fields: {
    id: { kind: identifier({ pattern: /^[A-Za-z0-9_-]{1,64}$/, what: 'a segment id (letters, digits, _ and -, at most 64)' }), key: true, description: 'Segment id, as the traffic police assign it' },
    name: { kind: text({ maxLength: 200 }), required: true, description: 'Name (road and section)' },
    regionCode: { kind: regionCode(), required: true, description: 'Region the segment lies in' },
    mainRoad: { kind: flag(), required: true, filter: true, description: 'On a main urban road (主干道)' },
  },
});
