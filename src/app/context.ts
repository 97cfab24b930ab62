import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { registerDepartments } from './modules';
import { Access } from '../access/access';
import { ApiKeyService } from '../admin/api-key.service';
import { AuditService } from '../admin/audit.service';
import { GrantService } from '../admin/grant.service';
import { CatalogService } from '../admin/catalog.service';
import { createDatasetRowLoaders } from '../datasets/dataset-rows.loader';
import { Principal } from '../access/principal';
import { Config } from '../platform/config';
import { Context, Loaders, Services } from '../platform/context.type';
import { createIngestBatchLoaders } from '../ingest/ingest-batch.loader';
import { IngestService } from '../ingest/ingest.service';
import { createRegionLoaders } from '../regions/region.loader';
import { RegionService } from '../regions/region.service';
import { REGION_DAYS } from '../indicators/region-day.rollup';
import { QueuedRollup, RollupQueue, Rollups } from '../ingest/queued-rollup';
import { MonthPartitionKeeper } from '../ingest/month-partitions';
import { FEEDS } from '../catalog/registry';
import { SITE_DUST_HOURS } from '../feeds/housing/site-dust-hours.rollup';
import { AirQualityService } from '../feeds/ecology/air-quality.service';
import { createAirStationLoaders } from '../feeds/ecology/air-station.loader';
import { AirStationService } from '../feeds/ecology/air-station.service';
import { CityTargetService } from '../feeds/command-center/city-target.service';
import { CityTargetSource } from '../feeds/command-center/city-target.source';
import { EcologyHourlySeries } from '../feeds/ecology/hourly-series.source';
import { createIndicatorLoaders } from '../indicators/indicator.loader';
import { IndicatorService } from '../indicators/indicator.service';
import { MonthlyScoreService } from '../indicators/monthly-score.service';
import { JointControlService } from '../joint/joint.service';
import { ProvinceOverviewService } from '../joint/province-overview.service';
import { LiveEvents } from '../live/live-events';
import { NotificationListener } from '../platform/db/notifications';

export type { Context, Loaders, RequestNote, Services } from '../platform/context.type';

/** Every rollup kept from a queue: the region-days (air quality) and Housing's site-hours of dust. */
const ROLLUP_QUEUES: readonly RollupQueue[] = [REGION_DAYS, SITE_DUST_HOURS];

export function createRollups(db: DataSource): Rollups {
  return new Rollups(ROLLUP_QUEUES.map((queue) => new QueuedRollup(db, queue)));
}

/** Stateless services, shared by all requests. Partition upkeep: the configuration's, else two months ahead, nothing archived. */
export function createServices(
  db: DataSource,
  config: Pick<Config, 'ingestMaxBatch'> & Partial<Pick<Config, 'partitionMonthsAhead' | 'retentionMonths'>>,
): Services {
  registerDepartments();
  const rollups = createRollups(db);
  const listener = new NotificationListener((db.options as PostgresConnectionOptions).url!);
  const partitions = new MonthPartitionKeeper(db, FEEDS, ROLLUP_QUEUES, {
    monthsAhead: config.partitionMonthsAhead ?? 2,
    retention: config.retentionMonths ?? { byDataset: {} },
  });
  return {
    ...servicesOver(db),
    listener,
    rollups,
    partitions,
    apiKeys: new ApiKeyService(db),
    ingest: new IngestService(db, config.ingestMaxBatch, rollups),
    live: new LiveEvents(db, listener),
  };
}

/**
 * The same services with their reads on a replica, for a request that cannot write (src/app/read-routing.ts). What
 * belongs to the process stays on the primary: the keys it remembers, its rollups, its live events, ingestion.
 */
export function servicesOnReplica(services: Services, replica: DataSource): Services {
  return { ...services, ...servicesOver(replica) };
}

/** The services a request's reads go through, over the primary or a replica. */
function servicesOver(db: DataSource) {
  const indicators = new IndicatorService(db, new EcologyHourlySeries(db));
  const monthlyScores = new MonthlyScoreService(db, new CityTargetSource(db));
  const joint = new JointControlService(db, indicators);
  return {
    db,
    grants: new GrantService(db),
    audit: new AuditService(db),
    catalog: new CatalogService(db),
    regions: new RegionService(db),
    airStations: new AirStationService(db),
    airQuality: new AirQualityService(db),
    indicators,
    cityTargets: new CityTargetService(db),
    monthlyScores,
    joint,
    provinceOverview: new ProvinceOverviewService(db, joint, indicators, monthlyScores),
  };
}

type Groups = {
  batches: ReturnType<typeof createIngestBatchLoaders>;
  regions: ReturnType<typeof createRegionLoaders>;
  stations: ReturnType<typeof createAirStationLoaders>;
  indicators: ReturnType<typeof createIndicatorLoaders>;
  datasetRow: ReturnType<typeof createDatasetRowLoaders>;
};

/**
 * A request's loaders. DataLoaders live for one request only, so nothing cached leaks between callers. Each group is
 * made when the request first uses one of its loaders: most requests use one group or none, and making every group
 * took some 8 µs a request (a lookup by key is some 300 µs of the hub's CPU). Implementing `Loaders`, the class names
 * every loader the layers declare: the compiler refuses one left out.
 */
class RequestLoaders implements Loaders {
  private readonly groups: Partial<Groups> = {};

  constructor(
    private readonly db: DataSource,
    private readonly services: Services,
    private readonly access: Access,
  ) {}

  private get batches() {
    return (this.groups.batches ??= createIngestBatchLoaders(this.db));
  }
  private get regions() {
    return (this.groups.regions ??= createRegionLoaders(this.db, this.access));
  }
  private get stations() {
    return (this.groups.stations ??= createAirStationLoaders(this.db, this.access));
  }
  private get indicators() {
    return (this.groups.indicators ??= createIndicatorLoaders(this.services.indicators, this.access));
  }

  get findBatch() {
    return this.batches.findBatch;
  }
  get regionByCode() {
    return this.regions.regionByCode;
  }
  get findRegion() {
    return this.regions.findRegion;
  }
  get regionWithParentByCode() {
    return this.regions.regionWithParentByCode;
  }
  get regionJoined() {
    return this.regions.regionJoined;
  }
  get childrenByCode() {
    return this.regions.childrenByCode;
  }
  get stationByCode() {
    return this.stations.stationByCode;
  }
  get stationPageByRegion() {
    return this.stations.stationPageByRegion;
  }
  get regionDays() {
    return this.indicators.regionDays;
  }
  get stationHours() {
    return this.indicators.stationHours;
  }
  get evaluationStations() {
    return this.indicators.evaluationStations;
  }
  get datasetRow() {
    return (this.groups.datasetRow ??= createDatasetRowLoaders(this.db, this.access));
  }
}

export function createContext(db: DataSource, services: Services, principal: Principal): Context {
  const access = new Access(principal, db);
  const note = { operation: null, operationType: null, errorCode: null };
  return { principal, note, access, services, loaders: new RequestLoaders(db, services, access) };
}
