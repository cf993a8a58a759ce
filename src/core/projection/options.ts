import { ProjectionInputError } from './errors';
import type { ProjectionOptions } from './types';

type Rule = readonly [key: string, test: (value: number) => boolean, expectation: string];

const positive: Rule[1] = (value) => value > 0;
const atLeast = (minimum: number): Rule[1] => (value) => value >= minimum;

const rules: Record<ProjectionOptions['method'], readonly Rule[]> = {
  pca: [
    ['tolerance', atLeast(0), '≥ 0'],
    ['maxPasses', atLeast(1), '≥ 1'],
  ],
  umap: [
    ['nNeighbors', atLeast(2), '≥ 2'],
    ['minDist', atLeast(0), '≥ 0'],
    ['spread', positive, '> 0'],
    ['epochs', atLeast(1), '≥ 1'],
    ['reduceTo', atLeast(2), '≥ 2'],
  ],
  tsne: [
    ['perplexity', positive, '> 0'],
    ['iterations', atLeast(0), '≥ 0'],
    ['learningRate', positive, '> 0'],
    ['theta', atLeast(0), '≥ 0'],
    ['earlyExaggeration', positive, '> 0'],
    ['reduceTo', atLeast(2), '≥ 2'],
  ],
};

/** Throws a `ProjectionInputError` for an unknown method or a setting out of its range. */
export function validateOptions(options: ProjectionOptions): void {
  const method: unknown = (options as { method?: unknown } | undefined)?.method;
  if (typeof method !== 'string' || !Object.hasOwn(rules, method)) {
    throw new ProjectionInputError(`Unknown projection method: ${JSON.stringify(method)}; expected "pca", "umap" or "tsne".`);
  }
  const settings = options as unknown as Record<string, unknown>;
  const init = settings.init;
  if (method !== 'pca' && init !== undefined && init !== 'pca' && init !== 'random') {
    throw new ProjectionInputError(`${method} option init must be "pca" or "random"; found ${JSON.stringify(init)}.`);
  }
  for (const [key, test, expectation] of [['seed', Number.isFinite, 'a finite number'] as Rule, ...rules[options.method]]) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || !test(value)) {
      throw new ProjectionInputError(`${method} option ${key} must be ${expectation}; found ${String(value)}.`);
    }
  }
}
