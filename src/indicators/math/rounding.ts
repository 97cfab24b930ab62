/**
 * GB/T 8170—2008 rounding ("四舍六入五成双") done on the decimal digits of the number as written, so that 1.05 is
 * the decimal 1.05 and not the binary double just below it.
 */
export function roundHalfEven(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot round ${value}`);
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError(`Bad number of decimals: ${decimals}`);
  const negative = value < 0;
  const [integerPart, fractionPart] = plainDecimal(Math.abs(value));
  if (fractionPart.length <= decimals) return value;

  const kept = BigInt(integerPart + fractionPart.slice(0, decimals));
  const firstDropped = fractionPart[decimals];
  const restDropped = fractionPart.slice(decimals + 1);
  const roundsUp =
    firstDropped > '5' || (firstDropped === '5' && (/[1-9]/.test(restDropped) || kept % 2n === 1n));
  const digits = (roundsUp ? kept + 1n : kept).toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  const rounded = Number(text);
  return negative && rounded !== 0 ? -rounded : rounded;
}

/** Integer and fraction digits of a non-negative finite number's shortest round-trip decimal form. */
function plainDecimal(value: number): [string, string] {
  const [mantissa, exponentText] = value.toString().split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const point = whole.length + exponent;
  if (point <= 0) return ['0', '0'.repeat(-point) + digits];
  if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), ''];
  return [digits.slice(0, point), digits.slice(point)];
}

/** Relative tolerance under which a computed value counts as the integer it is next to (float noise). */
const INTEGER_TOLERANCE = 1e-9;

/**
 * Ceiling that treats a value within float noise of an integer as that integer, so that an IAQI landing exactly
 * on a breakpoint (e.g. 100) is not pushed to the next integer by a rounding error in the last binary digit.
 */
export function safeCeil(value: number): number {
  const nearest = Math.round(value);
  if (Math.abs(value - nearest) <= INTEGER_TOLERANCE * Math.max(1, Math.abs(value))) return nearest;
  return Math.ceil(value);
}
