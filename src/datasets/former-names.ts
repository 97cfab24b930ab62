import { badUserInput } from '../platform/errors';
import { FieldSpec } from './dataset-spec';

/** A declared dataset's renamed fields: each former name with its current one. */
export function formerNamesOf(fields: [string, FieldSpec][]): Map<string, string> {
  return new Map(fields.filter(([, f]) => f.formerName).map(([name, f]) => [f.formerName!, name]));
}

const given = (value: unknown) => value !== null && value !== undefined;

/** Whether a value given under both names is the same (times compared as instants). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Arguments or an input row with each value given under a former name moved to the current one. Both names with
 * different values: BAD_USER_INPUT (`at` says where, e.g. `input[3]`).
 */
export function underCurrentNames<T extends Record<string, unknown>>(values: T, renamed: Map<string, string>, at: string): T {
  if (!renamed.size) return values;
  const result: Record<string, unknown> = { ...values };
  for (const [former, current] of renamed) {
    if (!given(values[former])) continue;
    if (given(values[current]) && !sameValue(values[current], values[former])) {
      throw badUserInput(`${at}: ${former} (the deprecated former name of ${current}) and ${current} differ; give ${current} alone`, { field: current });
    }
    result[current] = given(values[current]) ? values[current] : values[former];
    delete result[former];
  }
  return result as T;
}
