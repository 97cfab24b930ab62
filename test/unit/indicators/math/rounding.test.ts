import { roundHalfEven, safeCeil } from '../../../../src/indicators/math/rounding';

describe('GB/T 8170 rounding (round half to even, on the decimal as written)', () => {
  it.each([
    [0.25, 1, 0.2],
    [0.35, 1, 0.4],
    [2.5, 0, 2],
    [3.5, 0, 4],
    [0.5, 0, 0],
    [1.5, 0, 2],
    [1.05, 1, 1.0], // the decimal 1.05 is a tie, 0 is even; the double 1.05 is slightly below it
    [1.15, 1, 1.2], // the decimal 1.15 is a tie, 1 is odd; the double 1.15 is slightly below it
    [2.25, 1, 2.2],
    [2.251, 1, 2.3], // more than half
    [2.249, 1, 2.2],
    [10.45, 1, 10.4],
    [35.5, 0, 36],
    [34.5, 0, 34],
    [34.6, 0, 35],
    [0.125, 2, 0.12],
    [0.135, 2, 0.14],
    [123.456, 2, 123.46],
    [6.415, 2, 6.42],
    [6.425, 2, 6.42],
    [9.95, 1, 10.0],
    [99.5, 0, 100],
    [12, 0, 12],
    [1.2, 3, 1.2],
    [0.0000001, 1, 0],
    [-2.5, 0, -2],
    [-3.5, 0, -4],
    [-0.25, 1, -0.2],
  ])('%p to %p decimals is %p', (value, decimals, expected) => {
    expect(roundHalfEven(value, decimals)).toBe(expected);
  });

  it('rejects non-finite values and bad decimals', () => {
    expect(() => roundHalfEven(Number.NaN, 0)).toThrow(RangeError);
    expect(() => roundHalfEven(1.5, -1)).toThrow(RangeError);
    expect(() => roundHalfEven(1.5, 0.5)).toThrow(RangeError);
  });
});

describe('safeCeil', () => {
  it.each([
    [100, 100],
    [100.00000000000001, 100], // float noise at an exact breakpoint
    [55.00000000000001, 55],
    [99.99999999999999, 100],
    [100.1, 101],
    [100.0001, 101],
    [113.6, 114],
    [0, 0],
  ])('%p → %p', (value, expected) => {
    expect(safeCeil(value)).toBe(expected);
  });
});
