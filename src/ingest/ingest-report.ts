import { Field, ID, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { RowError } from '../catalog/row-validator';

/** The description of every publish mutation's `input` argument. */
export const PUBLISH_INPUT_DESCRIPTION =
  'The rows to publish: at most INGEST_MAX_BATCH (default 10,000) a call, else BATCH_TOO_LARGE (larger loads go through ' +
  'the bulk loader). Each row is checked on its own: a rejected row is listed in `errors` and the others are stored.';

@ObjectType({ description: 'The outcome of a publish call. Accepted rows were committed together; rejected ones not at all.' })
export class IngestReport {
  @Field(() => Int, { description: 'Rows that passed validation and are stored.' })
  accepted!: number;

  @Field(() => Int, { description: 'Rows that failed validation and were not stored; why is in `errors`.' })
  rejected!: number;

  @Field(() => Int, { description: 'Accepted rows that were already stored exactly so (re-sent data): nothing changed.' })
  unchanged!: number;

  @Field(() => [RowError], { description: 'Why each rejected row was refused: one entry or more per rejected row, by input position.' })
  errors!: RowError[];

  @Field(() => ID, { nullable: true, description: 'Provenance id of the rows this call stored; null if it stored none.' })
  batchId!: string | null;
}
