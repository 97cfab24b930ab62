import { above, atLeast, below } from '../../../../../src/indicators/math/joint/compare';

describe('threshold tests within float noise', () => {
  it('a value a few ulps from the bound counts as the bound', () => {
    expect(atLeast(29.999999999999993, 30)).toBe(true); // (1001 − 700.7)/1001 × 100 in doubles
    expect(above(150.00000000000003, 150)).toBe(false); // (150.3 + 149.9 + 149.8)/3 in doubles
    expect(below(1.9999999999999998, 2)).toBe(false); // (1.9 + 2.3 + 1.8)/3 in doubles
  });

  it('a real difference still decides', () => {
    expect(atLeast(29.9999, 30)).toBe(false);
    expect(atLeast(30, 30)).toBe(true);
    expect(above(150.0001, 150)).toBe(true);
    expect(above(150, 150)).toBe(false);
    expect(below(1.9999, 2)).toBe(true);
    expect(below(2, 2)).toBe(false);
  });
});
