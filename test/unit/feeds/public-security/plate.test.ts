import { isFullPlate, isMaskedPlate, maskPlate } from '../../../../src/feeds/public-security/plate';

describe('vehicle plates are never kept whole', () => {
  test.each([
    ['川A12345', '川A***45'],
    ['川A·12345', '川A***45'],
    ['川AD12345', '川A****45'], // new-energy plate: one more serial character
    ['京B6F7G8', '京B***G8'],
  ])('%s is masked as %s', (full, masked) => {
    expect(maskPlate(full)).toBe(masked);
    expect(isFullPlate(full)).toBe(true);
    expect(isMaskedPlate(masked)).toBe(true);
    expect(isMaskedPlate(full)).toBe(false);
  });

  test('half-masked or malformed values are neither', () => {
    expect(isMaskedPlate('川A1**45')).toBe(false);
    expect(isMaskedPlate('川A**45')).toBe(false);
    expect(isFullPlate('川A***45')).toBe(false);
    expect(() => maskPlate('川A12')).toThrow(RangeError);
  });
});
