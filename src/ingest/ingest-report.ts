import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RowError } from '../catalog/row-validator';

@ObjectType({ description: 'The outcome of a publish call. Accepted rows were committed together; rejected ones not at all.' })
export class IngestReport {
  @Field(() => Int, { description: 'Rows that passed validation and are stored.' })
  accepted!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'Accepted rows that were already stored exactly so (re-sent data): nothing changed.' })
  unchanged!: number;

  @Field(() => [RowError])
  errors!: RowError[];

  @Field(() => ID, { nullable: true, description: 'Provenance id of the rows this call stored; null if it stored none.' })
  batchId!: string | null;
}
