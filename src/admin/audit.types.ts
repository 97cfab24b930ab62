import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../platform/pagination';
import { Department, Role } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

@ObjectType({
  description:
    'One entry of the audit log: a request (GraphQL, bulk file or CLI load), kept when its response is sent; or a ' +
    "write's own entry (operationType batch, with batchId), stored in the write's transaction with its rows, so every " +
    'acknowledged batch is audited even if the process dies before the response is sent.',
})
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => String, { nullable: true, description: 'Null when no valid key was presented.' }) keyId!: string | null;
  @Field(() => Department, { nullable: true }) department!: Department | null;
  @Field(() => Role, { nullable: true }) role!: Role | null;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => String, { nullable: true, description: 'query, mutation, cli; batch for a write\'s own entry, change for a key or grant change\'s own entry' }) operationType!: string | null;
  @Field(() => [String]) datasetsRead!: string[];
  @Field(() => [String]) datasetsWritten!: string[];
  @Field(() => Int) rowsRead!: number;
  @Field(() => Int) rowsAccepted!: number;
  @Field(() => Int) rowsRejected!: number;
  @Field(() => Float) durationMs!: number;
  @Field({ description: 'OK or ERROR' }) outcome!: string;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => Int, { nullable: true }) httpStatus!: number | null;
  @Field(() => ID, { nullable: true, description: 'The batch (provenance id) a write\'s own entry records.' }) batchId!: string | null;
}

@ObjectType({ description: 'A read of a dataset, for its owner: who read it, when, and how many rows.' })
export class AccessLog {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => Department) department!: Department;
  @Field() keyId!: string;
  @Field(() => String, { nullable: true }) operation!: string | null;
  @Field(() => Int, { description: 'Rows of this dataset the request returned or computed from.' }) rows!: number;
}

export const AuditEntryConnection = Connection(AuditEntry);
export const AccessLogConnection = Connection(AccessLog);

@InputType()
export class AuditLogFilter {
  @Field(() => Department, { nullable: true }) department?: Department | null;
  @Field(() => String, { nullable: true }) keyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Read or written.' }) dataset?: string | null;
  @Field(() => String, { nullable: true }) operation?: string | null;
  @Field(() => String, { nullable: true, description: 'OK or ERROR' }) outcome?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) to?: Date | null;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditLogFilter, { nullable: true }) filter?: AuditLogFilter | null;
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
export class DatasetAccessLogArgs {
  @Field({ description: 'Dataset id, e.g. air-quality-hourly.' }) dataset!: string;
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}
