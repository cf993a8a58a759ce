/** Options shared by the commands that read embeddings (`embed`, `neighbors`, `project`): which source, which encoding. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
  type EmbeddingSource,
  InitialWeights,
  type InitialPositions,
  MODEL_PRESETS,
  MODEL_PRESET_IDS,
  type ModelPreset,
  openSafetensorsEmbeddings,
} from '../core/embeddings';
import { ENCODING_NAMES, type Encoder } from '../core/tokenizer';
import { BUILTIN_TABLE, openTrainedTable } from '../core/training';
import { RandomAccessFile } from '../node/randomAccessFile';
import { inputError, loadEncoder, parseEncoding, parseInteger, usageError, describeFsError } from './common';

export const EMBEDDING_DEFAULTS = { dim: 768, seed: 0, context: 1024, positions: 'learned' as InitialPositions };
const POSITION_CHOICES: readonly InitialPositions[] = ['learned', 'sinusoidal', 'none'];
const MAX_DIM = 65536;

/** The parseArgs options of a source: --encoding, --weights and the shape of initial weights. */
export const EMBEDDING_OPTIONS = {
  encoding: { type: 'string', short: 'e' },
  weights: { type: 'string', short: 'w' },
  positions: { type: 'string' },
  dim: { type: 'string' },
  seed: { type: 'string' },
  context: { type: 'string' },
  model: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Help lines for EMBEDDING_OPTIONS. */
export const EMBEDDING_OPTION_HELP = [
  '  --weights init       random weights as before pre-training, N(0, 0.02²), computed per (seed, id) (default)',
  `  --weights builtin    the built-in space trained in miniature (${BUILTIN_TABLE.encoding}, d = ${BUILTIN_TABLE.training.dimension})`,
  '  --weights PATH       a .safetensors file (wte/wpe, transformer.wte/wpe, or Llama model.embed_tokens);',
  '                       d and the context come from the file; without --encoding, the encoding whose',
  "                       vocabulary equals the file's rows is used",
  `  --positions KIND     learned (random, not yet trained; default), sinusoidal, or none — init only`,
  `  --dim N              vector length d (default ${EMBEDDING_DEFAULTS.dim}) — init only`,
  `  --seed S             random seed (default ${EMBEDDING_DEFAULTS.seed}) — init only`,
  `  --context N          context length: later positions have no position vector (default ${EMBEDDING_DEFAULTS.context}) — init only`,
  `  --model NAME         d, context and encoding of ${MODEL_PRESET_IDS.join(', ')} — init only`,
  '  --encoding NAME      o200k_base (default without a weights file), cl100k_base, p50k_base, r50k_base',
];

export interface OpenedEmbeddings {
  readonly source: EmbeddingSource;
  readonly encoder: Encoder;
}

/** Whether the options name a weights file rather than initial weights. */
export function usesWeightsFile(values: Record<string, string | boolean | undefined>): boolean {
  return values.weights !== undefined && values.weights !== 'init';
}

/** The source and encoder the options ask for. */
export async function openEmbeddings(values: Record<string, string | boolean | undefined>): Promise<OpenedEmbeddings> {
  const weights = values.weights as string | undefined;
  if (weights !== undefined && usesWeightsFile(values)) {
    for (const option of ['dim', 'seed', 'context', 'positions', 'model']) {
      if (values[option] !== undefined) throw usageError(`--${option} applies to --weights init only; ${weights} sets its own shape`);
    }
    if (weights === 'builtin') return openBuiltin(values.encoding as string | undefined);
    return openWeightsFile(weights, values.encoding as string | undefined);
  }
  const preset = parsePreset(values.model as string | undefined);
  if (preset && (values.dim !== undefined || values.context !== undefined)) {
    throw usageError('--model sets --dim and --context; give one or the other');
  }
  const encoder = loadEncoder(parseEncoding((values.encoding as string | undefined) ?? preset?.encoding));
  const source = new InitialWeights({
    vocabularySize: encoder.vocabularySize,
    dimension: preset?.dimension ?? parseInteger('dim', values.dim as string | undefined, 1, EMBEDDING_DEFAULTS.dim),
    contextLength: preset?.contextLength ?? parseInteger('context', values.context as string | undefined, 1, EMBEDDING_DEFAULTS.context),
    seed: parseInteger('seed', values.seed as string | undefined, 0, EMBEDDING_DEFAULTS.seed),
    positions: parsePositions(values.positions as string | undefined),
  });
  if (source.shape.dimension > MAX_DIM) throw usageError(`--dim must be at most ${MAX_DIM}, got ${source.shape.dimension}`);
  return { source, encoder };
}

/** The built-in table ships beside the bundled CLI: dist/cli.js → media/embeddings/. */
async function openBuiltin(encodingOption: string | undefined): Promise<OpenedEmbeddings> {
  if (encodingOption !== undefined && parseEncoding(encodingOption) !== BUILTIN_TABLE.encoding) {
    throw usageError(`--weights builtin is trained on ${BUILTIN_TABLE.encoding} token ids; drop --encoding ${encodingOption}`);
  }
  const file = join(__dirname, '..', 'media', 'embeddings', BUILTIN_TABLE.file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw inputError(`cannot read the built-in table ${file}: ${describeFsError(error)} (run npm run train:builtin)`);
  }
  return { source: await openTrainedTable(bytes, file, BUILTIN_TABLE.name), encoder: loadEncoder(BUILTIN_TABLE.encoding) };
}

async function openWeightsFile(path: string, encodingOption: string | undefined): Promise<OpenedEmbeddings> {
  const explicit = encodingOption === undefined ? undefined : loadEncoder(parseEncoding(encodingOption));
  let reader: RandomAccessFile;
  try {
    reader = await RandomAccessFile.open(path);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeFsError(error)}`);
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
  if (value === undefined) return EMBEDDING_DEFAULTS.positions;
  if (!(POSITION_CHOICES as readonly string[]).includes(value)) {
    throw usageError(`--positions must be one of ${POSITION_CHOICES.join(', ')}, got "${value}"`);
  }
  return value as InitialPositions;
}
