export const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const mean = (xs: readonly number[]): number =>
  xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
/** A share as a rounded number, NaN (shown "n/a") when there is nothing to divide by. */
export const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : round(a / b));
