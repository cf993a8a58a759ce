import { groupDigits } from '../integerRange';
import { ProjectionInputError } from './errors';

/**
 * Values (rows × d) one projection may hold: 2²⁷ float32 values are 512 MiB of vectors, about
 * 650 MB at peak with the work buffers. 10,000 tokens of GPT-3 (d = 12,288) fit; 5,001 tokens of
 * d = 65,536 (1.6 GB when it was allowed) do not.
 */
export const PROJECTION_VALUE_BUDGET = 2 ** 27;

/** Whether `rows` vectors of `dims` values are more than one projection may hold. */
export function exceedsProjectionBudget(rows: number, dims: number, budget: number = PROJECTION_VALUE_BUDGET): boolean {
  return rows * dims > budget; // false for NaN: malformed shapes are for validateShape to name
}

/** Throws a one-line `ProjectionInputError` when `rows` vectors of `dims` values exceed the budget; call it before allocating them. */
export function checkProjectionBudget(rows: number, dims: number, budget: number = PROJECTION_VALUE_BUDGET): void {
  if (!exceedsProjectionBudget(rows, dims, budget)) return;
  const values = rows * dims;
  throw new ProjectionInputError(
    `${groupDigits(rows)} tokens × ${groupDigits(dims)} dimensions = ${groupDigits(values)} values is over the projection budget of ` +
      `${groupDigits(budget)} values (${groupDigits((budget * 4) / 2 ** 20)} MiB); project fewer tokens or use a smaller dimension`,
  );
}
