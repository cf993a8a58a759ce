/** `token-lens project`: the tokens' word, position or input vectors laid out in 2-D by PCA, UMAP or t-SNE. */
import { EMBEDDING_LIMITS, type TokenVectorKind, float32ForJson, hasPositionVectors, tokenVectorMatrix } from '../core/embeddings';
import {
  PROJECTION_METHODS,
  type ProjectionMethod,
  type ProjectionOptions,
  type ProjectionResult,
  checkProjectionBudget,
  isProjectionMethod,
  project,
} from '../core/projection';
import type { Command } from './command';
import { inputError, parseInteger, usageError } from './common';
import { EMBEDDING_DEFAULTS, EMBEDDING_OPTIONS, EMBEDDING_OPTION_HELP, openEmbeddings, usesWeightsFile } from './embeddingOptions';
import { MAX_SIZE_HELP, MAX_SIZE_OPTION, inputName, parseMaxSize, readTextInput } from './input';
import { patternTimeLimitMs } from './patternGuard';
import { tokenizeWhole } from './tokenStream';

/** Beyond this the vectors alone take hundreds of megabytes; project a part of the text instead. */
const MAX_TOKENS = 50_000;
const KINDS: Readonly<Record<string, TokenVectorKind>> = { word: 'word', pos: 'position', position: 'position', input: 'input' };

const USAGE =
  'token-lens project [FILE] [--vectors word|pos|input] [--method pca|umap|tsne] [--weights init|builtin|PATH.safetensors|MODEL] ' +
  '[--positions learned|sinusoidal|none] [--model auto|custom|gpt2|…] [--context-window ID] [--dim N] [--context N] ' +
  '[--seed S] [--tokenizer SPEC] [--refresh] [--max-size N] [--json]';

const DETAILS = [
  `Usage: ${USAGE}`,
  '',
  'Lays out the vectors of the tokens of FILE (or stdin) in two dimensions, x and y in [-1, 1]:',
  '',
  '  --vectors word       each token\'s row of the word-embedding matrix: equal tokens land on one point',
  '  --vectors pos        each token\'s position vector',
  '  --vectors input      word + position, what the model receives (default): equal tokens at two positions land apart',
  '  --method pca         principal components, with the share of variance each axis explains (default)',
  '  --method umap|tsne   neighbourhood-preserving layouts, seeded by --seed',
  '  --seed S             seeds both the initial weights and UMAP/t-SNE (default 0)',
  ...EMBEDDING_OPTION_HELP.filter((line) => !line.startsWith('  --seed')),
  MAX_SIZE_HELP,
  '  --json               {"method", "vectors", "explained_variance": [x, y] (PCA only), "points": [{"id", "position", "x", "y"}]}',
].join('\n');

export const projectCommand: Command = {
  name: 'project',
  usage: USAGE,
  details: DETAILS,
  summary: "2-D layout of the tokens' vectors (defaults: --vectors input --method pca; project --help)",
  options: {
    ...EMBEDDING_OPTIONS,
    ...MAX_SIZE_OPTION,
    vectors: { type: 'string' },
    method: { type: 'string', short: 'm' },
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(values, [file], io) {
    const kind = parseKind(values.vectors as string | undefined);
    const method = parseMethod(values.method as string | undefined);
    const limit = parseMaxSize(values['max-size'] as string | undefined);
    const seed = parseInteger('seed', values.seed as string | undefined, EMBEDDING_LIMITS.seed, EMBEDDING_DEFAULTS.seed);
    // --seed also seeds the projection, so it is allowed with a weights file too.
    const { source, encoder, tokenizerName } = await openEmbeddings(usesWeightsFile(values) ? { ...values, seed: undefined } : values, io);
    try {
      if (kind === 'position' && !hasPositionVectors(source)) {
        throw usageError(`--vectors pos needs a position table; this source has none (${source.name})`);
      }
      const text = await readTextInput(file, io, limit);
      const tokens = await tokenizeWhole(encoder, text, { patternTimeLimitMs: patternTimeLimitMs(io.env) });
      if (tokens.count > MAX_TOKENS) throw inputError(`${inputName(file)} has ${tokens.count} tokens; project at most ${MAX_TOKENS} at a time`);
      // Before the vectors are gathered: the same rows × d budget as the panel's projections.
      checkProjectionBudget(tokens.count, source.shape.dimension);
      const positions = Int32Array.from({ length: tokens.count }, (_, i) => i);
      const matrix = await tokenVectorMatrix(source, tokens.ids.subarray(0, tokens.count), positions, kind);
      const nonFinite = matrix.norms.filter((norm) => !Number.isFinite(norm)).length;
      if (nonFinite > 0) {
        throw inputError(`${source.name}: ${nonFinite} of the ${tokens.count} tokens' vectors hold NaN or ±Infinity; a projection needs finite vectors`);
      }
      const options: ProjectionOptions = { method, seed };
      const result: ProjectionResult = project(matrix, options);
      const points = Array.from({ length: tokens.count }, (_, i) => ({
        id: tokens.ids[i],
        position: i,
        x: float32ForJson(result.points[2 * i]),
        y: float32ForJson(result.points[2 * i + 1]),
      }));
      const variance = result.method === 'pca' ? result.explainedVarianceRatio.map(float32ForJson) : undefined;
      if (values.json) {
        await io.stdout.write(`${JSON.stringify({ method, vectors: kind === 'position' ? 'pos' : kind, explained_variance: variance, points })}\n`);
        return;
      }
      await io.stdout.write(`encoding  ${tokenizerName}\nsource    ${source.name}\nvectors   ${describeKind(kind)}\n`);
      await io.stdout.write(`method    ${describeMethod(result)}\n`);
      if (matrix.withoutPosition > 0 && kind !== 'word') {
        await io.stdout.write(`note      ${matrix.withoutPosition} of ${tokens.count} tokens have no position vector (past the context, or none in the source)\n`);
      }
      await io.stdout.write(`\n${'pos'.padStart(6)}  ${'id'.padStart(7)}  ${'token'.padEnd(18)}  ${'x'.padStart(8)}  ${'y'.padStart(8)}\n`);
      for (const point of points) {
        const piece = JSON.stringify(text.slice(tokens.starts[point.position], tokens.ends[point.position]));
        const clipped = piece.length <= 18 ? piece : `${piece.slice(0, 17)}…`;
        const coordinate = (value: number) => ((value >= 0 ? '+' : '') + value.toFixed(4)).padStart(8);
        await io.stdout.write(`${String(point.position).padStart(6)}  ${String(point.id).padStart(7)}  ${clipped.padEnd(18)}  ${coordinate(point.x)}  ${coordinate(point.y)}\n`);
      }
    } finally {
      await source.close();
    }
  },
};

function parseKind(value: string | undefined): TokenVectorKind {
  if (value === undefined) return 'input';
  const kind = KINDS[value];
  if (!kind) throw usageError(`--vectors must be one of word, pos, input, got "${value}"`);
  return kind;
}

function parseMethod(value: string | undefined): ProjectionMethod {
  if (value === undefined) return 'pca';
  if (!isProjectionMethod(value)) throw usageError(`--method must be one of ${PROJECTION_METHODS.join(', ')}, got "${value}"`);
  return value;
}

function describeKind(kind: TokenVectorKind): string {
  switch (kind) {
    case 'word':
      return 'word (row of the word-embedding matrix)';
    case 'position':
      return 'position (row of the position table)';
    case 'input':
      return 'input = word + position';
  }
}

function describeMethod(result: ProjectionResult): string {
  if (result.method !== 'pca') return result.method === 'umap' ? 'UMAP' : 't-SNE';
  const [x, y] = result.explainedVarianceRatio.map((ratio) => `${(100 * ratio).toFixed(2)} %`);
  return `PCA, explained variance x ${x}, y ${y}`;
}
