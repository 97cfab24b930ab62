import { Department } from '../platform/enums';
import type { Queryable } from '../platform/db/queryable';

/** How often a dataset's rows come (indicators §5: stale when the latest row is older than twice this). */
export type Cadence = 'PT15M' | 'PT1H' | 'P1D' | 'P1M' | 'on change';

export interface DatasetField {
  name: string;
  /** Unit of measure, as part of the contract (µg/m³, mg/m³, %, …); absent for codes and names. */
  unit?: string;
  description: string;
}

/**
 * A dataset of feeds.md: the unit of ownership, publishing rights, sharing grants, audit and the catalog. Each feed
 * declares its own and registers it in the catalog (`src/catalog/registry.ts`) at boot, so a new feed appears everywhere.
 */
export interface DatasetDefinition {
  /** The id used by grants, the audit log, the catalog and `lantian ingest --dataset`. */
  id: string;
  owner: Department;
  title: string;
  description: string;
  /** Expected update cadence: an ISO 8601 duration, or `on change` for reference data and events (never stale). */
  cadence: Cadence;
  fields: DatasetField[];
  /** The table holding it, for the catalog's row count. */
  table: string;
  /**
   * Readable by every department without a grant. Only for public reference data that every other dataset refers
   * to: the administrative divisions of GB/T 2260.
   */
  openToAllDepartments?: boolean;
  /**
   * The time of the dataset's latest row within each region's subtree (one statement for all the regions): its stamp
   * (hourly and instant feeds), the end of its day or month (CST; daily and monthly feeds), or when it was published
   * (reference data and planned times). Null for a region without rows. Indicators §5 show it beside their figures.
   * With `until`, only rows whose time is at or before it (the overview of a past instant).
   */
  latestIn(db: Queryable, regionCodes: readonly string[], until?: Date): Promise<Map<string, Date | null>>;
}
