import { Field, Int, registerEnumType } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { DatasetAccess } from '../access/access';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

registerEnumType(DatasetAccess, {
  name: 'DatasetAccess',
  description: 'What the caller may do with a dataset.',
  valuesConfig: {
    PUBLISH: { description: 'The caller publishes it (and reads it).' },
    READ: { description: 'The caller reads it: owner, command center, open reference data, or a sharing grant (perhaps region-limited).' },
    NONE: { description: 'The caller needs a sharing grant to read it.' },
  },
});

@ObjectType({ description: 'A field of a dataset, as its GraphQL type and bulk files name it.' })
export class DatasetField {
  @Field({ description: 'Field name, as in the GraphQL type and the bulk files.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Unit, part of the contract.' }) unit!: string | null;
  @Field({ description: 'What the field holds.' }) description!: string;
}

@ObjectType({ description: 'A dataset of the hub (feeds.md), with its freshness and the caller\'s access.' })
export class Dataset {
  @Field({ description: 'Id used by grants, the audit log and the bulk loader, e.g. `air-quality-hourly`.' }) id!: string;
  @Field(() => Department, { description: 'The department that publishes it and manages its grants.' }) owner!: Department;
  @Field({ description: 'Short title.' }) title!: string;
  @Field({ description: 'What the dataset holds.' }) description!: string;
  @Field({ description: 'Expected update cadence: an ISO 8601 duration (PT1H, P1D, P1M) or "on change".' }) cadence!: string;
  @Field(() => [DatasetField], { description: 'Its fields, with units.' }) fields!: DatasetField[];
  @Field(() => DateTimeScalar, { nullable: true, description: 'Latest observation time of an accepted row (observation feeds).' })
  latestObservedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a batch last added or changed rows.' })
  lastPublishedAt!: Date | null;
  @Field(() => Int, { description: 'Rows stored, over every region (whatever the caller may read).' }) rowCount!: number;
  @Field(() => DatasetAccess, { description: 'What the caller may do with it.' }) myAccess!: DatasetAccess;
}
