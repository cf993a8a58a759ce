import * as assert from 'node:assert/strict';
import {
  isProjectionCancelled,
  project,
  projectAsync,
  ProjectionCancelledError,
  ProjectionInputError,
  type ProjectionOptions,
  type ProjectionPhase,
  startProjection,
  type VectorMatrix,
} from '../../../src/core/projection';
import { gaussianBlobs, matrixFromRows } from './helpers';

const methods: ProjectionOptions[] = [
  { method: 'pca', tolerance: 1e-12, maxPasses: 20 },
  { method: 'umap', epochs: 100 },
  { method: 'tsne', iterations: 100 },
];

/** PCA reports once per 1,024 rows per pass, so it gets more rows; the others report per epoch. */
const large = gaussianBlobs(3, 1200, 64, 20, 5).input;
const small = gaussianBlobs(3, 60, 64, 20, 5).input;

describe('projection: progress, cancellation and errors', function () {
  this.timeout(60_000);

  for (const options of methods) {
    describe(options.method, () => {
      const input = options.method === 'pca' ? large : small;
      it('reports monotone progress in [0, 1] that ends with exactly one (1, done)', () => {
        const reports: [number, ProjectionPhase][] = [];
        project(input, { ...options, onProgress: (fraction, phase) => reports.push([fraction, phase]) });
        assert.ok(reports.length > 3, `only ${reports.length} reports`);
        for (let index = 1; index < reports.length; index++) {
          assert.ok(reports[index][0] >= reports[index - 1][0], `progress went back at report ${index}`);
        }
        assert.ok(reports.every(([fraction]) => fraction >= 0 && fraction <= 1));
        // Early convergence may jump to the final 1; before that, progress should move evenly.
        const working = reports.slice(0, -1).map(([fraction]) => fraction);
        const largestJump = Math.max(...working.map((fraction, index) => fraction - (working[index - 1] ?? 0)));
        assert.ok(largestJump < 0.5, `progress jumped by ${largestJump}`);
        const stalled = working.filter((fraction, index) => index > 0 && fraction === working[index - 1]).length;
        assert.ok(stalled <= working.length / 10, `${stalled} of ${working.length} reports did not advance`);
        assert.deepEqual(reports.at(-1), [1, 'done']);
        assert.equal(reports.filter(([, phase]) => phase === 'done').length, 1);
        assert.ok(reports.slice(0, -1).every(([, phase]) => phase !== 'done'));
      });

      it('stops at the next step once the signal is aborted and throws a cancellation error', () => {
        const signal = { aborted: false };
        let reportsAfterAbort = 0;
        let abortedAt = -1;
        const attempt = (): unknown =>
          project(input, {
            ...options,
            signal,
            onProgress: (fraction) => {
              if (signal.aborted) reportsAfterAbort++;
              if (fraction > 0.05 && !signal.aborted) {
                signal.aborted = true;
                abortedAt = fraction;
              }
            },
          });
        assert.throws(attempt, (error: unknown) => error instanceof ProjectionCancelledError && isProjectionCancelled(error));
        assert.ok(abortedAt > 0 && abortedAt < 1, `aborted at ${abortedAt}`);
        assert.equal(reportsAfterAbort, 0, 'no work reported after the abort');
      });

      it('rejects projectAsync with a cancellation error when aborted between slices', async () => {
        const controller = new AbortController();
        const pending = projectAsync(input, { ...options, signal: controller.signal }, () => {
          controller.abort();
          return Promise.resolve();
        }, 0);
        await assert.rejects(pending, (error: unknown) => isProjectionCancelled(error));
      });
    });
  }

  it('does no work when the signal is already aborted', () => {
    let reports = 0;
    const task = startProjection(small, { method: 'umap', signal: { aborted: true }, onProgress: () => reports++ });
    assert.throws(() => task.step(), ProjectionCancelledError);
    assert.throws(() => task.step(), ProjectionCancelledError, 'stays cancelled');
    assert.equal(reports, 0);
  });

  it('can be stepped in slices and only then has a result', () => {
    const small = gaussianBlobs(2, 20, 8, 5, 1).input;
    const task = startProjection(small, { method: 'tsne', iterations: 50 });
    assert.throws(() => task.result, /not finished/);
    let steps = 0;
    while (!task.step(0)) steps++;
    assert.ok(steps > 10, `only ${steps} steps`);
    assert.equal(task.progress, 1);
    assert.equal(task.phase, 'done');
    assert.equal(task.result.points.length, 80);
  });

  it('recognises a cancellation error that crossed a worker boundary as a plain object', () => {
    const cloned = structuredClone(new ProjectionCancelledError());
    assert.ok(!(cloned instanceof ProjectionCancelledError));
    assert.ok(isProjectionCancelled({ name: 'Error', code: 'ProjectionCancelled', message: 'x' }));
    assert.ok(!isProjectionCancelled(new Error('other')));
  });

  describe('input errors', () => {
    for (const [value, label] of [[Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity'], [Number.NEGATIVE_INFINITY, '-Infinity']] as const) {
      for (const options of methods) {
        it(`${options.method}: names the vector and dimension holding ${label}`, () => {
          const data = new Float32Array(10 * 7).fill(1);
          data[3 * 7 + 5] = value;
          assert.throws(
            () => project({ data, rows: 10, dims: 7 }, options),
            (error: unknown) =>
              error instanceof ProjectionInputError &&
              error.message.includes(`Vector 3 of 10 has ${label} at dimension 5 of 7`),
          );
        });
      }
    }

    it('rejects a length that does not match rows × dims, at once', () => {
      const bad: VectorMatrix = { data: new Float32Array(10), rows: 3, dims: 4 };
      assert.throws(() => startProjection(bad, { method: 'pca' }), /Expected 3 × 4 = 12 values .* found 10/);
    });

    it('rejects zero dimensions, a non-Float32Array and an unknown method', () => {
      assert.throws(() => project({ data: new Float32Array(0), rows: 0, dims: 0 }, { method: 'pca' }), ProjectionInputError);
      const wrongType = { data: [1, 2] as unknown as Float32Array, rows: 1, dims: 2 };
      assert.throws(() => project(wrongType, { method: 'pca' }), /Float32Array; found Array/);
      const unknown = { method: 'mds' } as unknown as ProjectionOptions;
      assert.throws(() => project(matrixFromRows([[1, 2]]), unknown), /Unknown projection method: "mds"; expected "pca", "umap" or "tsne"/);
    });

    it('rejects out-of-range settings with what was expected', () => {
      const small = matrixFromRows([[1, 2], [3, 4], [5, 7]]);
      assert.throws(() => project(small, { method: 'tsne', perplexity: 0 }), /tsne option perplexity must be > 0; found 0/);
      assert.throws(() => project(small, { method: 'umap', nNeighbors: 1 }), /umap option nNeighbors must be ≥ 2; found 1/);
      assert.throws(() => project(small, { method: 'pca', maxPasses: 0 }), /pca option maxPasses must be ≥ 1; found 0/);
    });
  });
});
