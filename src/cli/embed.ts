/** `token-lens embed`: each token's word vector, position vector and their sum, the Transformer's input. */
import {
  type EmbeddingSource,
  InitialWeights,
  type InitialPositions,
  MODEL_PRESETS,
  MODEL_PRESET_IDS,
  type ModelPreset,
  type TokenEmbedding,
  embedTokens,
  float32ForJson,
  l2Norm,
  openSafetensorsEmbeddings,
} from '../core/embeddings';
import { ENCODING_NAMES, type Encoder, type TokenSpans } from '../core/tokenizer';
import { RandomAccessFile } from '../node/randomAccessFile';
import type { Command } from './command';
import { type Io, inputError, loadEncoder, parseEncoding, parseInteger, readTextInput, usageError } from './common';

const DEFAULTS = { dim: 768, seed: 0, context: 1024, positions: 'learned' as InitialPositions };
const POSITION_CHOICES: readonly InitialPositions[] = ['learned', 'sinusoidal', 'none'];
/** Tokens embedded per batch: bounds concurrent file reads and memory on long inputs. */
const BATCH = 256;
const MAX_DIM = 65536;

const USAGE =
  'token-lens embed [FILE] [--encoding NAME] [--weights init|PATH.safetensors] [--positions learned|sinusoidal|none] ' +
  '[--dim N] [--seed S] [--context N] [--model NAME] [--json]';

const DETAILS = [
  `Usage: ${USAGE}`,
  '',
  'Prints, for each token of FILE (or stdin), its word vector (row `id` of the word-embedding matrix),',
  'its position vector (row `position` of the position table) and their element-wise sum: the input vector.',
  '',
  '  --weights init       random weights as before pre-training, N(0, 0.02²), computed per (seed, id) (default)',
  '  --weights PATH       a .safetensors file (wte/wpe, transformer.wte/wpe, or Llama model.embed_tokens);',
  '                       d and the context come from the file; without --encoding, the encoding whose',
  '                       vocabulary equals the file\'s rows is used',
  `  --positions KIND     learned (random, not yet trained; default), sinusoidal, or none — init only`,
  `  --dim N              vector length d (default ${DEFAULTS.dim}) — init only`,
  `  --seed S             random seed (default ${DEFAULTS.seed}) — init only`,
  `  --context N          context length: later positions have no position vector (default ${DEFAULTS.context}) — init only`,
  `  --model NAME         d, context and encoding of ${MODEL_PRESET_IDS.join(', ')} — init only`,
  '  --encoding NAME      o200k_base (default without a weights file), cl100k_base, p50k_base, r50k_base',
  '  --json               {"encoding", "source", "dim", "tokens": [{"id", "position", "word", "pos", "input", "outside_context"}]}',
  '                       (pos and input are null without a position table or outside the context)',
].join('\n');

export const embedCommand: Command = {
  name: 'embed',
  usage: USAGE,
  summary: "each token's word + position = input vector (defaults: --weights init --positions learned --dim 768 --seed 0 --context 1024; embed --help)",
  options: {
    encoding: { type: 'string', short: 'e' },
    weights: { type: 'string', short: 'w' },
    positions: { type: 'string' },
    dim: { type: 'string' },
    seed: { type: 'string' },
    context: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  maxPositionals: 1,
  async run(values, [file], io) {
    if (values.help) {
      io.stdout.write(`${DETAILS}\n`);
      return;
    }
    const { source, encoder } = await openEmbeddings(values);
    try {
      const text = readTextInput(file, io);
      const tokens = encoder.tokenize(text);
      if (values.json) await writeJson(io, encoder, source, tokens);
      else await writeTable(io, encoder, source, text, tokens);
    } finally {
      await source.close();
    }
  },
};

export interface OpenedEmbeddings {
  readonly source: EmbeddingSource;
  readonly encoder: Encoder;
}

/** The source and encoder the options ask for (shared with `neighbors`). */
export async function openEmbeddings(values: Record<string, string | boolean | undefined>): Promise<OpenedEmbeddings> {
  const weights = values.weights as string | undefined;
  if (weights !== undefined && weights !== 'init') {
    for (const option of ['dim', 'seed', 'context', 'positions', 'model']) {
      if (values[option] !== undefined) throw usageError(`--${option} applies to --weights init only; ${weights} sets its own shape`);
    }
    return openWeightsFile(weights, values.encoding as string | undefined);
  }
  const preset = parsePreset(values.model as string | undefined);
  if (preset && (values.dim !== undefined || values.context !== undefined)) {
    throw usageError('--model sets --dim and --context; give one or the other');
  }
  const encoder = loadEncoder(parseEncoding((values.encoding as string | undefined) ?? preset?.encoding));
  const source = new InitialWeights({
    vocabularySize: encoder.vocabularySize,
    dimension: preset?.dimension ?? parseInteger('dim', values.dim as string | undefined, 1, DEFAULTS.dim),
    contextLength: preset?.contextLength ?? parseInteger('context', values.context as string | undefined, 1, DEFAULTS.context),
    seed: parseInteger('seed', values.seed as string | undefined, 0, DEFAULTS.seed),
    positions: parsePositions(values.positions as string | undefined),
  });
  if (source.shape.dimension > MAX_DIM) throw usageError(`--dim must be at most ${MAX_DIM}, got ${source.shape.dimension}`);
  return { source, encoder };
}

async function openWeightsFile(path: string, encodingOption: string | undefined): Promise<OpenedEmbeddings> {
  const explicit = encodingOption === undefined ? undefined : loadEncoder(parseEncoding(encodingOption));
  let reader: RandomAccessFile;
  try {
    reader = await RandomAccessFile.open(path);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeOpenError(error)}`);
  }
  try {
    const encoding = explicit && { name: explicit.name, vocabularySize: explicit.vocabularySize };
    const source = await openSafetensorsEmbeddings(reader, { file: path, encoding });
    if (explicit) return { source, encoder: explicit };
    const rows = source.shape.vocabularySize;
    // Smallest vocabularies first: they load fastest and GPT-2 files are the common case.
    for (const name of [...ENCODING_NAMES].reverse()) {
      const encoder = loadEncoder(name);
      if (encoder.vocabularySize === rows) return { source, encoder };
    }
    await source.close();
    throw inputError(`${path}: expected the word matrix's ${rows} rows to match an encoding's vocabulary, found none that does; pass --encoding`);
  } catch (error) {
    await reader.close();
    throw error;
  }
}

function parsePreset(value: string | undefined): ModelPreset | undefined {
  if (value === undefined) return undefined;
  const preset = MODEL_PRESETS[value as keyof typeof MODEL_PRESETS];
  if (!preset) throw usageError(`unknown model "${value}"; expected one of ${MODEL_PRESET_IDS.join(', ')}`);
  return preset;
}

function parsePositions(value: string | undefined): InitialPositions {
  if (value === undefined) return DEFAULTS.positions;
  if (!(POSITION_CHOICES as readonly string[]).includes(value)) {
    throw usageError(`--positions must be one of ${POSITION_CHOICES.join(', ')}, got "${value}"`);
  }
  return value as InitialPositions;
}

function describeOpenError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/** Embeds the tokens batch by batch, handing each batch to `write`. */
async function forEachBatch(source: EmbeddingSource, tokens: TokenSpans, write: (batch: TokenEmbedding[], first: number) => void): Promise<void> {
  for (let first = 0; first < tokens.count; first += BATCH) {
    const ids = tokens.ids.subarray(first, Math.min(tokens.count, first + BATCH));
    write(await embedTokens(source, ids, first), first);
  }
}

const vectorJson = (vector: Float32Array | undefined) => (vector ? Array.from(vector, float32ForJson) : null);

async function writeJson(io: Io, encoder: Encoder, source: EmbeddingSource, tokens: TokenSpans): Promise<void> {
  const { dimension, contextLength } = source.shape;
  const head = { encoding: encoder.name, source: source.name, dim: dimension, context: contextLength ?? null, positions: source.positionKind };
  io.stdout.write(`${JSON.stringify(head).slice(0, -1)},"tokens":[`);
  await forEachBatch(source, tokens, (batch, first) => {
    const lines = batch.map((token) =>
      JSON.stringify({
        id: token.id,
        position: token.position,
        word: vectorJson(token.wordVector),
        pos: vectorJson(token.positionVector),
        input: vectorJson(token.inputVector),
        outside_context: token.outsideContext,
      }),
    );
    io.stdout.write((first > 0 ? ',' : '') + lines.join(','));
  });
  io.stdout.write(']}\n');
}

async function writeTable(io: Io, encoder: Encoder, source: EmbeddingSource, text: string, tokens: TokenSpans): Promise<void> {
  io.stdout.write(`encoding  ${encoder.name}\nsource    ${source.name}\n`);
  for (const matrix of source.matrices) {
    const note = matrix.trainable ? 'weights' : 'values, computed, not trained';
    io.stdout.write(`matrix    ${matrix.label} ${matrix.rows} × ${matrix.columns} = ${matrix.weights.toLocaleString('en-US')} ${note}\n`);
  }
  if (source.positionKind === 'rotary') io.stdout.write('positions rotary: nothing is added; positions rotate queries and keys inside attention\n');
  const shown = Math.min(4, source.shape.dimension);
  const columns = ['pos', 'id', 'token', `word[0..${shown - 1}]`, '‖word‖', '‖pos‖', '‖input‖'];
  const widths = [6, 7, 18, shown * 9 + 1, 8, 8, 8];
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  io.stdout.write(`\n${line(columns)}\n`);
  await forEachBatch(source, tokens, (batch, first) => {
    const rows = batch.map((token, k) => {
      const piece = JSON.stringify(text.slice(tokens.starts[first + k], tokens.ends[first + k]));
      const head = Array.from(token.wordVector.subarray(0, shown), (v) => (v >= 0 ? '+' : '') + v.toFixed(4)).join(' ');
      const norm = (vector: Float32Array | undefined) => (vector ? l2Norm(vector).toFixed(4) : '—');
      const more = source.shape.dimension > shown ? ' …' : '';
      const outside = token.outsideContext ? `  (outside the ${source.shape.contextLength}-token context)` : '';
      const cells = [String(token.position), String(token.id), clip(piece, widths[2]), head + more, norm(token.wordVector), norm(token.positionVector), norm(token.inputVector)];
      return line(cells) + outside;
    });
    io.stdout.write(`${rows.join('\n')}\n`);
  });
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
