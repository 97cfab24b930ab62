import { Field, ID, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { AqiLevel } from '../indicators/indicator.types';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

@ObjectType({ description: 'A batch that landed in a dataset (a mutation or a bulk file), as datasetUpdated announces it.' })
export class DatasetUpdate {
  @Field({ description: 'Dataset id, as in the catalog.' })
  dataset!: string;

  @Field(() => ID, { description: 'The batch (ingest_batches id): each stored row of it names it in its provenance.' })
  batchId!: string;

  @Field(() => Department, { description: 'Department whose key published the batch.' })
  department!: Department;

  @Field(() => Int, { description: 'Rows accepted (stored, or identical to the stored row).' })
  accepted!: number;

  @Field(() => Int, { description: 'Rows rejected.' })
  rejected!: number;

  @Field(() => Int, { description: 'Accepted rows identical to those already stored.' })
  unchanged!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Earliest time its accepted rows describe; null for data without an observation instant (reference data, days, months, planned times).' })
  observedFrom!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Latest time its accepted rows describe; null as for observedFrom.' })
  observedTo!: Date | null;

  @Field(() => [String], { description: 'Regions of its accepted rows that the subscriber may read (a region-limited grant sees its own only).' })
  regionCodes!: string[];

  @Field(() => DateTimeScalar, { description: 'When the batch was committed.' })
  landedAt!: Date;
}

@ObjectType({ description: "A region's latest hourly AQI level, changed since the level last announced for it." })
export class AqiLevelChange {
  @Field({ description: 'Region code (GB/T 2260).' })
  regionCode!: string;

  @Field(() => DateTimeScalar, { description: 'END of the averaging hour whose level this is.' })
  observedAt!: Date;

  @Field(() => Int, { description: 'Hourly AQI of that hour.' })
  aqi!: number;

  @Field(() => AqiLevel, { description: 'Its level (HJ 633).' })
  level!: AqiLevel;

  @Field(() => AqiLevel, { nullable: true, description: 'The level announced before; null when none was.' })
  previousLevel!: AqiLevel | null;
}

@ObjectType({ description: 'A dataset that has passed twice its cadence without a row.' })
export class FeedStaleEvent {
  @Field({ description: 'Dataset id, as in the catalog.' })
  dataset!: string;

  @Field({ description: 'Its expected cadence (ISO 8601 duration: PT15M, PT1H, P1D or P1M).' })
  cadence!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The time of its latest row (its stamp, or the end of its day or month, CST); null when it has none.' })
  latestObservedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the hub found it stale.' })
  detectedAt!: Date;
}
