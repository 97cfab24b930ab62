/**
 * The unified social credit code of GB 32100—2015: 18 characters from a 31-character alphabet (no I, O, Z, S, V);
 * the 18th is a check character over the first 17 with weights 3^(i−1) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character the first 17 characters call for. */
export function creditCodeCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + ALPHABET.indexOf(ch) * WEIGHTS[i], 0);
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'SHAPE' | 'CHECK_DIGIT';

/** Null when valid; else what is wrong (shape: length, alphabet, the 6-digit region code; or the check character). */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (!SHAPE.test(code)) return 'SHAPE';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'CHECK_DIGIT';
}
