import { ClassType, Field, InputType, registerEnumType } from 'type-graphql';
import { badUserInput } from '../platform/errors';
import { CursorPart, KeysetOrder, SortColumn } from '../platform/pagination';
import { namedClass } from './named-class';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Direction of an `orderBy` entry.',
  valuesConfig: { ASC: { description: 'Ascending: smallest, earliest, A first.' }, DESC: { description: 'Descending: largest, latest, Z first.' } },
});

/** A field a list may be ordered by: one that leads an index and is never null, so the order is served and total. */
export interface SortField {
  name: string;
  description: string;
  sql: string;
  part: CursorPart;
  cast?: string;
  /** A field's former name, kept as a deprecated alias: the reason the schema gives. */
  deprecationReason?: string;
}

/** `orderBy: [{ field: A, direction: DESC }]` as the resolver receives it. */
export interface OrderByValue {
  field: string;
  direction?: SortDirection | null;
}

/** `ORDER_BY_ME` from `orderByMe`: the enum value naming a field. */
export const sortFieldValue = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export interface OrderInput {
  /** The `<Type>OrderBy` input type. */
  type: ClassType;
  /** The keyset order of an `orderBy`: its entries, then the natural key's columns not named, in the last entry's direction (none: the key's own order). */
  order(orderBy: OrderByValue[] | null | undefined): KeysetOrder;
}

export const MAX_ORDER_BY = 3;

/**
 * A list's `orderBy` input: `<typeName>OrderBy { field: <typeName>SortField!, direction: SortDirection }` over its
 * sortable fields. Every order is completed by the natural key (`key`: its columns, ascending by default), so each
 * row has one position and a cursor stays valid however many rows share a value; the cursor carries the order
 * (`KeysetOrder.list`), so it is refused under another.
 */
export function orderInput(typeName: string, list: string, fields: SortField[], key: SortColumn[]): OrderInput {
  const values = Object.fromEntries(fields.map((f) => [sortFieldValue(f.name), sortFieldValue(f.name)]));
  registerEnumType(values, {
    name: `${typeName}SortField`,
    description: `The fields ${typeName} nodes can be ordered by (each leads an index).`,
    valuesConfig: Object.fromEntries(fields.map((f) => [sortFieldValue(f.name), { description: f.description, deprecationReason: f.deprecationReason }])),
  });
  const type = namedClass(`${typeName}OrderBy`);
  Field(() => values, { description: 'The field to order by.' })(type.prototype, 'field');
  Field(() => SortDirection, { nullable: true, description: 'ASC (default) or DESC.' })(type.prototype, 'direction');
  InputType(`${typeName}OrderBy`, { description: `One entry of an ordering of ${typeName} nodes; ties are broken by the next entry, then by the natural key.` })(type);
  const byValue = new Map(fields.map((f) => [sortFieldValue(f.name), f]));

  function order(orderBy: OrderByValue[] | null | undefined): KeysetOrder {
    const entries = orderBy ?? [];
    if (entries.length > MAX_ORDER_BY) throw badUserInput(`orderBy: at most ${MAX_ORDER_BY} entries`, { argument: 'orderBy' });
    const columns: SortColumn[] = [];
    for (const entry of entries) {
      const f = byValue.get(entry.field)!;
      if (columns.some((c) => c.sql === f.sql)) throw badUserInput(`orderBy names ${entry.field} twice`, { argument: 'orderBy' });
      columns.push({ sql: f.sql, part: f.part, cast: f.cast, desc: entry.direction === SortDirection.DESC });
    }
    const last = columns[columns.length - 1];
    for (const k of key) if (!columns.some((c) => c.sql === k.sql)) columns.push({ ...k, desc: last ? last.desc : k.desc });
    return { list, columns };
  }
  return { type, order };
}
