import { Department } from '../../platform/enums';
import { defineDataset } from '../../datasets/define-dataset';
import { enumeration, identifier, instant, quantity, regionCode } from '../../datasets/field-kinds';

export const HotspotSource = enumeration('HotspotSource', ['SATELLITE', 'VIDEO', 'PATROL'], 'How a fire hot spot was detected.', {
  SATELLITE: '卫星遥感 Satellite remote sensing',
  VIDEO: '视频监控 Video surveillance (watchtower cameras)',
  PATROL: '巡护 Ground or air patrol, or a report',
});

export const HotspotKind = enumeration('HotspotKind', ['FOREST_FIRE', 'STRAW_BURNING', 'OTHER'], 'What a fire hot spot turned out to be.', {
  FOREST_FIRE: '森林草原火灾 Forest or grassland fire',
  STRAW_BURNING: '秸秆焚烧 Open burning of crop straw',
  OTHER: 'Another fire or heat source (industrial, refuse burning, …)',
});

export const HotspotStatus = enumeration('HotspotStatus', ['UNVERIFIED', 'CONFIRMED', 'FALSE_ALARM'], 'Verification state of a fire hot spot.', {
  UNVERIFIED: '待核查 Not yet verified on the ground',
  CONFIRMED: '已核实 Confirmed as a fire',
  FALSE_ALARM: '误报 False alarm',
});

/**
 * Re-publishing a hot spot's id updates it (verification, kind). A patrol or video report may know only its region:
 * without coordinates it counts in per-region figures and is left out of distance rules (indicators §5.3).
 */
export const fireHotspots = defineDataset({
  id: 'fire-hotspots',
  owner: Department.FORESTRY,
  title: 'Fire hot spots',
  description: 'Forest-fire monitoring: fire hot spots detected by satellite, video or patrol, with location, region, confidence, kind and verification status.',
  cadence: 'on change',
  typeName: 'FireHotspot',
  inputName: 'FireHotspotInput',
  table: 'fire_hotspots',
  query: 'fireHotspots',
  mutation: 'ingestFireHotspots',
  time: 'detectedAt',
  coordinates: true,
  fields: {
    id: { kind: identifier({ pattern: /^[A-Za-z0-9_-]{1,64}$/, what: 'a hot-spot id (letters, digits, _ and -, at most 64)' }), key: true, description: 'Hot-spot id, as the forestry department assigns it' },
    detectedAt: { kind: instant(), required: true, description: 'When the hot spot was detected' },
    regionCode: { kind: regionCode(), required: true, description: 'Region the hot spot lies in' },
    source: { kind: HotspotSource, required: true, filter: true, description: 'How it was detected' },
    confidence: { kind: quantity(0, 100, '%'), description: 'Confidence of the detection (satellite products give one)' },
    kind: { kind: HotspotKind, filter: true, description: 'What it is; null until known' },
    status: { kind: HotspotStatus, required: true, filter: true, description: 'Verification status' },
  },
});
