import * as assert from 'node:assert/strict';
import { PROJECTION_VALUE_BUDGET, ProjectionInputError, checkProjectionBudget, startProjection } from '../../../src/core/projection';

describe('projection: memory budget (rows × d)', () => {
  it('accepts the panel and CLI sizes people use: 10,000 tokens of GPT-3 (d = 12,288), 2,000 of d = 65,536', () => {
    assert.doesNotThrow(() => checkProjectionBudget(10_000, 12_288));
    assert.doesNotThrow(() => checkProjectionBudget(2_000, 65_536));
  });

  it('refuses 5,001 tokens × d = 65,536 with one line naming rows, d and the budget', () => {
    assert.throws(
      () => checkProjectionBudget(5_001, 65_536),
      (error: unknown) => {
        assert.ok(error instanceof ProjectionInputError);
        assert.doesNotMatch(error.message, /\n/);
        assert.match(error.message, /5,001 tokens × 65,536 dimensions/);
        assert.match(error.message, new RegExp(PROJECTION_VALUE_BUDGET.toLocaleString('en-US')));
        return true;
      },
    );
  });

  it('is checked when a projection starts, before any work memory is allocated', () => {
    // A matrix that claims more rows than its data holds is refused for its size before its shape is read.
    const input = { data: new Float32Array(4), rows: 5_001, dims: 65_536 };
    assert.throws(() => startProjection(input, { method: 'pca' }), /over the projection budget/);
  });
});
