import { ApiKey } from './auth/api-key.entity';
import { IngestBatch } from './core/ingest/ingest-batch.entity';
import { Region } from './core/regions/region.entity';
import { AirQualityObservation } from './feeds/ecology/air-quality.entity';
import { CityTarget } from './feeds/command-center/city-target.entity';
import { AirStation } from './feeds/ecology/air-station.entity';

export const ENTITIES = [ApiKey, IngestBatch, Region, AirStation, AirQualityObservation, CityTarget];
