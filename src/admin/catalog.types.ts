import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DatasetAccess } from '../access/access';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

registerEnumType(DatasetAccess, {
  name: 'DatasetAccess',
  valuesConfig: {
    PUBLISH: { description: 'The caller publishes it (and reads it).' },
    READ: { description: 'The caller reads it: owner, command center, open reference data, or a sharing grant (perhaps region-limited).' },
    NONE: { description: 'The caller needs a sharing grant to read it.' },
  },
});

@ObjectType()
export class DatasetField {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Unit, part of the contract.' }) unit!: string | null;
  @Field() description!: string;
}

@ObjectType({ description: 'A dataset of the hub (feeds.md), with its freshness and the caller\'s access.' })
export class Dataset {
  @Field({ description: 'Id used by grants, the audit log and the bulk loader, e.g. `air-quality-hourly`.' }) id!: string;
  @Field(() => Department) owner!: Department;
  @Field() title!: string;
  @Field() description!: string;
  @Field({ description: 'Expected update cadence: an ISO 8601 duration (PT1H, P1D, P1M) or "on change".' }) cadence!: string;
  @Field(() => [DatasetField]) fields!: DatasetField[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'Latest observation time of an accepted row (observation feeds).' })
  latestObservedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a batch last added or changed rows.' })
  lastPublishedAt!: Date | null;
  @Field(() => Int) rowCount!: number;
  @Field(() => DatasetAccess) myAccess!: DatasetAccess;
}
