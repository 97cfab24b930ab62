import { Department } from './enums';

/** A dataset of feeds.md: the unit of ownership, publishing rights, (later) grants and audit. */
export interface DatasetDefinition {
  /** The id used by grants, the audit log, the catalog and `lantian ingest --dataset`. */
  id: string;
  owner: Department;
  title: string;
  description: string;
  /** Expected update cadence, e.g. `PT1H`, `P1D`, `on change`. */
  cadence: string;
}
