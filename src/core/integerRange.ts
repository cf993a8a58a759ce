/** Whole-number ranges for settings and options, and the rule that brings any value inside one. */

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

export interface Clamped {
  readonly value: number;
  /** False when `value` is what was given (or the fallback for nothing given). */
  readonly changed: boolean;
}

/**
 * `value` as an integer inside `range`: rounded to the nearest integer, then clamped to the nearer end
 * (±Infinity too). Nothing given (undefined) is `fallback` unchanged; anything that is not a number
 * (a string, NaN) is `fallback`, changed.
 */
export function clampInteger(value: unknown, range: IntegerRange, fallback: number): Clamped {
  if (value === undefined) return { value: fallback, changed: false };
  if (typeof value !== 'number' || Number.isNaN(value)) return { value: fallback, changed: true };
  const clamped = Math.min(range.max, Math.max(range.min, Number.isFinite(value) ? Math.round(value) : value));
  return { value: clamped, changed: clamped !== value };
}

export function inRange(value: number, range: IntegerRange): boolean {
  return Number.isSafeInteger(value) && value >= range.min && value <= range.max;
}

/** "1,234,567": an integer with comma thousands separators, without Intl (whose first use costs a fresh CLI process milliseconds). */
export function groupDigits(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "from 1 to 65,536". */
export function describeRange(range: IntegerRange): string {
  return `from ${groupDigits(range.min)} to ${groupDigits(range.max)}`;
}
