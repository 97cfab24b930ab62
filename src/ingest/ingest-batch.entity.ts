import { Field, ID, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Department } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

/** One accepted call of a publish mutation: every stored row points at the batch that last changed it. */
@ObjectType({ description: 'Provenance: who published a row, in which batch, and when.' })
@Entity('ingest_batches')
export class IngestBatch {
  @Field(() => ID, { description: 'Batch id, also returned by the publish mutation.' })
  @PrimaryColumn('uuid')
  id!: string;

  @Field({ description: 'Dataset id of feeds.md, e.g. `air-quality-hourly`.' })
  @Column('text')
  dataset!: string;

  @Field(() => Department, { description: 'Department whose key published the batch.' })
  @Column('text')
  department!: Department;

  @Field(() => ID, { description: 'Public id of the API key that published the batch.' })
  @Column('text')
  keyId!: string;

  @Field(() => DateTimeScalar, { description: 'When the hub received the batch (the "now" its rows were validated against).' })
  @Column('timestamptz')
  receivedAt!: Date;

  @Field(() => Int, { description: 'Rows that passed validation.' })
  @Column('int')
  accepted!: number;

  @Field(() => Int, { description: 'Rows that failed validation and were not stored.' })
  @Column('int')
  rejected!: number;

  @Field(() => Int, { description: 'Accepted rows identical to what was stored already (a re-sent batch).' })
  @Column('int')
  unchanged!: number;
}
