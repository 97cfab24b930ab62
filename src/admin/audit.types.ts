import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection, PageArgs } from '../platform/pagination';
import { Department, Role } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';

@ObjectType({
  description:
    'One entry of the audit log: a request (GraphQL, bulk file or CLI load), kept when its response is sent; or a ' +
    "write's own entry (operationType batch, with batchId), stored in the write's transaction with its rows, so every " +
    'acknowledged batch is audited even if the process dies before the response is sent.',
})
export class AuditEntry {
  @Field(() => ID, { description: 'Entry id, increasing with the order entries were stored.' }) id!: string;
  @Field(() => DateTimeScalar, { description: 'When the request arrived (or, for a write\'s own entry, when the write started).' }) at!: Date;
  @Field(() => ID, { nullable: true, description: 'Public id of the key; null when no valid key was presented.' }) keyId!: string | null;
  @Field(() => Department, { nullable: true, description: "The key's department; null when no valid key was presented." }) department!: Department | null;
  @Field(() => Role, { nullable: true, description: "The key's role; null when no valid key was presented." }) role!: Role | null;
  @Field(() => String, { nullable: true, description:
      'The GraphQL operation name the client gave (null when unnamed); for bulk and CLI loads and key or grant changes, what was done (e.g. `bulkIngest`, `lantian ingest`, `revokeApiKey <id>`).',
  })
  operation!: string | null;
  @Field(() => String, { nullable: true, description: 'query, mutation, cli; batch for a write\'s own entry, change for a key or grant change\'s own entry' }) operationType!: string | null;
  @Field(() => [String], { description: 'Ids of the datasets the request read rows of.' }) datasetsRead!: string[];
  @Field(() => [String], { description: 'Ids of the datasets the request published to.' }) datasetsWritten!: string[];
  @Field(() => Int, { description: 'Rows read over those datasets (returned, or used to compute an answer).' }) rowsRead!: number;
  @Field(() => Int, { description: 'Rows published and stored.' }) rowsAccepted!: number;
  @Field(() => Int, { description: 'Rows published and rejected.' }) rowsRejected!: number;
  @Field(() => Float, { description: 'Time to serve the request, milliseconds.' }) durationMs!: number;
  @Field({ description: 'OK or ERROR' }) outcome!: string;
  @Field(() => String, { nullable: true, description: "Why it failed, when the outcome is ERROR: the first GraphQL error's code (e.g. FORBIDDEN), CLIENT_CLOSED_REQUEST, or the HTTP status text." }) errorCode!: string | null;
  @Field(() => Int, { nullable: true, description: 'HTTP status of the response; null when there was none (CLI loads, a write\'s own entry).' }) httpStatus!: number | null;
  @Field(() => ID, { nullable: true, description: 'The batch (provenance id) a write\'s own entry records.' }) batchId!: string | null;
}

@ObjectType({ description: 'A read of a dataset, for its owner: who read it, when, and how many rows.' })
export class AccessLog {
  @Field(() => ID, { description: 'Id of the audit entry of the request.' }) id!: string;
  @Field(() => DateTimeScalar, { description: 'When the request arrived.' }) at!: Date;
  @Field(() => Department, { description: 'The department that read it.' }) department!: Department;
  @Field(() => ID, { description: 'Public id of the key that read it.' }) keyId!: string;
  @Field(() => String, { nullable: true, description: 'The GraphQL operation name the client gave; null when unnamed.' }) operation!: string | null;
  @Field(() => Int, { description: 'Rows of this dataset the request returned or computed from.' }) rows!: number;
}

export const AuditEntryConnection = Connection(AuditEntry);
export const AccessLogConnection = Connection(AccessLog);

@InputType({ description: 'Conditions on audit entries; every one given must hold.' })
export class AuditLogFilter {
  @Field(() => Department, { nullable: true, description: "Entries of this department's keys." }) department?: Department | null;
  @Field(() => String, { nullable: true, description: 'Entries of this key (public id).' }) keyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Read or written.' }) dataset?: string | null;
  @Field(() => String, { nullable: true, description: 'Exactly this operation name.' }) operation?: string | null;
  @Field(() => String, { nullable: true, description: 'OK or ERROR' }) outcome?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or after this instant.' }) from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or before this instant.' }) to?: Date | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilter, { nullable: true, description: 'Only the entries that match; omitted: all the caller may see.' }) filter?: AuditLogFilter | null;
}

@ArgsType()
export class DatasetAccessLogArgs extends PageArgs {
  @Field({ description: 'Dataset id, e.g. air-quality-hourly.' }) dataset!: string;
}
