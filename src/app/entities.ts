import { ApiKey } from '../admin/api-key.entity';
import { IngestBatch } from '../ingest/ingest-batch.entity';
import { Region } from '../regions/region.entity';
import { AirQualityObservation } from '../feeds/ecology/air-quality.entity';
import { CityTarget } from '../feeds/command-center/city-target.entity';
import { AirStation } from '../feeds/ecology/air-station.entity';

export const ENTITIES = [ApiKey, IngestBatch, Region, AirStation, AirQualityObservation, CityTarget];
