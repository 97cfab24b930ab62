/**
 * Threshold tests of computed means and percentages. A value within float noise of the bound counts as equal to it,
 * so that a value exact in decimal (a 30 % cut from 1001 to 700.7 kWh, a humidity mean of 240/3) is judged by the
 * rule and not by the last binary digit of its division.
 */
const RELATIVE_TOLERANCE = 1e-9;

const noise = (bound: number) => RELATIVE_TOLERANCE * Math.max(1, Math.abs(bound));

/** value ≥ bound. */
export const atLeast = (value: number, bound: number): boolean => value >= bound - noise(bound);

/** value > bound. */
export const above = (value: number, bound: number): boolean => value > bound + noise(bound);

/** value < bound. */
export const below = (value: number, bound: number): boolean => value < bound - noise(bound);
