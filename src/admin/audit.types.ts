import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import { ObjectType } from '../platform/object-type';
import { Connection, PageArgs } from '../platform/pagination';
import { Department, Role } from '../platform/enums';
import { DateTimeScalar } from '../platform/scalars';
import { FilterField, WhereValue, whereInput } from '../datasets/where-input';
import { renamedTo } from '../platform/deprecation';

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
  @Field(() => [String], { description: 'Ids of the datasets the request read rows of, in order of their ids.' }) datasetsRead!: string[];
  @Field(() => [String], { description: 'Ids of the datasets the request published to, in order of their ids.' }) datasetsWritten!: string[];
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

/**
 * The columns of an audit entry a where may name, over `e`, the entries as the caller sees them. Each leads a btree
 * index of audit_log (at; department, key_id, operation and outcome each before the id, so a page of them newest first
 * reads the index from its end).
 */
const AT: FilterField = { name: 'at', description: 'When the request arrived', sql: 'e.at', graphqlType: () => DateTimeScalar, cast: 'timestamptz' };
const DEPARTMENT: FilterField = {
  name: 'department',
  description: "The key's department (null when no valid key was presented)",
  sql: 'e.department',
  graphqlType: () => Department,
  enumName: 'Department',
  cast: 'text',
};
const KEY_ID: FilterField = { name: 'keyId', description: 'Public id of the key (null when no valid key was presented)', sql: 'e.key_id', graphqlType: () => String, cast: 'text' };
const OPERATION: FilterField = {
  name: 'operation',
  description: 'The GraphQL operation name the client gave (null when unnamed), or what a load or change was (`bulkIngest`, `lantian ingest`…), exactly',
  sql: 'e.operation',
  graphqlType: () => String,
  cast: 'text',
};

/**
 * An entry's datasets, read or written, as the caller sees them. The stored ones (`e.touched`, a GIN index on
 * datasets_read || datasets_written) find the entries; the shown ones decide, so a department never finds another's
 * entry by a dataset that entry does not show it. An entry shown has a dataset exactly when it stored one.
 */
const DATASET: FilterField = {
  name: 'dataset',
  description: 'A dataset the request read or wrote (among those the entry shows the caller); isNull: true, entries of no dataset',
  sql: 'e.touched',
  graphqlType: () => String,
  cast: 'text',
  condition: (c) => {
    if (c.op === 'isNull') return `cardinality(e.touched) ${c.value ? '=' : '>'} 0`;
    const values = c.op === 'in' ? c.bound : `ARRAY[${c.bound}]`;
    return `e.touched && ${values} AND (e.datasets_read || e.datasets_written) && ${values}`;
  },
};

export const AUDIT_ENTRY_WHERE = whereInput('AuditEntry', 'audit entries', [
  AT,
  DEPARTMENT,
  KEY_ID,
  OPERATION,
  { name: 'outcome', description: 'OK or ERROR', sql: 'e.outcome', graphqlType: () => String, cast: 'text' },
  DATASET,
]);

export const ACCESS_LOG_WHERE = whereInput('AccessLog', 'reads of a dataset', [AT, DEPARTMENT, KEY_ID, OPERATION]);

@InputType({ description: 'Conditions on audit entries; every one given must hold. Deprecated: `where` says the same (and more).' })
export class AuditLogFilter {
  @Field(() => Department, { nullable: true, description: "Entries of this department's keys: where `{ department: { eq } }`." }) department?: Department | null;
  @Field(() => String, { nullable: true, description: 'Entries of this key (public id): where `{ keyId: { eq } }`.' }) keyId?: string | null;
  @Field(() => String, { nullable: true, description: 'Read or written: where `{ dataset: { eq } }`.' }) dataset?: string | null;
  @Field(() => String, { nullable: true, description: 'Exactly this operation name: where `{ operation: { eq } }`.' }) operation?: string | null;
  @Field(() => String, { nullable: true, description: 'OK or ERROR: where `{ outcome: { eq } }`.' }) outcome?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or after this instant: where `{ at: { gte } }`.' }) from?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or before this instant: where `{ at: { lte } }`.' }) to?: Date | null;
}

/** The deprecated `filter` as the `where` it stands for. */
export function filterAsWhere(f: AuditLogFilter): WhereValue {
  const eq = (value: unknown) => (value === null || value === undefined ? null : { eq: value });
  return {
    department: eq(f.department),
    keyId: eq(f.keyId),
    dataset: eq(f.dataset),
    operation: eq(f.operation),
    outcome: eq(f.outcome),
    at: { gte: f.from ?? null, lte: f.to ?? null },
  };
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AUDIT_ENTRY_WHERE.type, { nullable: true, description: 'Only the entries that match; omitted: all the caller may see.' })
  where?: WhereValue | null;

  @Field(() => AuditLogFilter, {
    nullable: true,
    description: 'Only the entries that match (with `where`, both hold).',
    deprecationReason: renamedTo('where'),
  })
  filter?: AuditLogFilter | null;
}

@ArgsType()
export class DatasetAccessLogArgs extends PageArgs {
  @Field({ description: 'Dataset id, e.g. air-quality-hourly.' }) dataset!: string;

  @Field(() => ACCESS_LOG_WHERE.type, { nullable: true, description: 'Only the reads that match; omitted: every read of the dataset.' })
  where?: WhereValue | null;
}
