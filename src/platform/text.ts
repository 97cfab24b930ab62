import { badUserInput } from './errors';

/**
 * Text people and systems give the hub to keep and show back: names (regions, stations, sites, enterprises, API keys)
 * and short free text (a grant's reason). One rule for all of them, on every path (GraphQL arguments, published rows,
 * bulk files, the CLI).
 */

/** The longest name a declared text field holds unless it declares its own maximum. */
export const NAME_MAX_LENGTH = 200;

/**
 * Characters no name may hold (by Unicode property: Cc, Zl, Zp, Bidi_Control, Cs):
 * - C0 controls (U+0000–U+001F, tab and line breaks included: a name is one line), DEL and C1 controls
 *   (U+007F–U+009F); U+2028 and U+2029, the Unicode line and paragraph separators;
 * - every bidirectional control (Unicode's Bidi_Control): the embeddings and overrides U+202A–U+202E, the isolates
 *   U+2066–U+2069, and the marks U+200E, U+200F and U+061C. The hub's names are Chinese, Latin and digits, which
 *   the implicit bidi algorithm orders without help; an override can make a name display as another (U+202E turns
 *   "abc" into "cba"), and even an invisible mark makes two names that look the same differ;
 * - lone UTF-16 surrogates (they cannot be encoded: PostgreSQL would store U+FFFD instead).
 */
const FORBIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Cs}]/u;

/** Why a text cannot be kept as given: `CONTROL_CHARACTER` or `TOO_LONG`, and a message naming the field. */
export interface TextProblem {
  code: 'CONTROL_CHARACTER' | 'TOO_LONG';
  message: string;
}

/**
 * U+0000 cannot be stored in PostgreSQL text at all, nor compared with it. The path of a string holding it in a
 * value (`input.regionCodes[2]`), or null when none does.
 */
export function nulPath(name: string, value: unknown): string | null {
  // A scalar, as most values are, without the walk's allocations (every ingested row's every field comes here).
  if (typeof value === 'string') return value.includes('\u0000') ? name : null;
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  // Iterative: a federation representation (`_Any`) is JSON of any depth.
  const pending: [string, unknown][] = [[name, value]];
  while (pending.length) {
    const [path, v] = pending.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => pending.push([`${path}[${i}]`, item]));
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      for (const [key, item] of Object.entries(v)) pending.push([`${path}.${key}`, item]);
    }
  }
  return null;
}

/** `U+202E`, the code point of a character as Unicode writes it. */
const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with `value` as a name or label of at most `maxLength` characters, or null when nothing is. */
export function humanTextProblem(field: string, value: string, maxLength: number): TextProblem | null {
  const forbidden = FORBIDDEN.exec(value);
  if (forbidden) {
    return {
      code: 'CONTROL_CHARACTER',
      message: `${field} contains ${codePoint(forbidden[0])} at position ${forbidden.index}: names and labels hold no control, line-break or bidirectional-control characters`,
    };
  }
  const length = codePoints(value);
  if (length > maxLength) return { code: 'TOO_LONG', message: `${field} is ${length} characters long, more than the ${maxLength} allowed` };
  return null;
}

/** Characters as people count them (code points), not UTF-16 units: 200 CJK characters or emoji are 200. */
function codePoints(value: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) surrogatePairs++;
  }
  return value.length - surrogatePairs;
}

/** An argument that must be a name or label: BAD_USER_INPUT naming the argument and the problem when it is not. */
export function assertHumanText(argument: string, value: string, maxLength: number): void {
  const problem = humanTextProblem(argument, value, maxLength);
  if (problem) throw badUserInput(problem.message, { argument, problem: problem.code });
}
