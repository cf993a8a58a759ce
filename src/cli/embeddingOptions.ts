/** Options shared by the commands that read embeddings (`embed`, `neighbors`, `project`): which source, which encoding. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
  EMBEDDING_DEFAULTS,
  EMBEDDING_LIMITS,
  EMBEDDING_MODELS,
  type EmbeddingChoice,
  type EmbeddingModel,
  type EmbeddingSource,
  INITIAL_POSITION_KINDS,
  InitialWeights,
  type InitialPositions,
  MODEL_PRESETS,
  openSafetensorsEmbeddings,
  resolveEmbeddingShape,
} from '../core/embeddings';
import { CONTEXT_WINDOWS } from '../core/tokenizer/contextWindows';
import { tokenizerBudgetTarget } from '../core/hf';
import { type BudgetTarget, DEFAULT_MODEL_TABLE, contextLimit, targetWindow } from '../core/models';
import { ENCODING_NAMES, type TextTokenizer } from '../core/tokenizer';
import { isHubSpec, parseHubSpec } from '../core/hub/spec';
import { BUILTIN_TABLE, openTrainedTable } from '../core/training';
import { type ModelLocation, openModelEmbeddings } from '../node/modelSource';
import { RandomAccessFile } from '../node/randomAccessFile';
import { describeRange } from '../core/integerRange';
import { type Io, describeFsError, inputError, loadEncoder, parseInteger, usageError } from './common';
import { TOKENIZER_HELP, TOKENIZER_OPTIONS, loadModelTokenizer, loadTokenizer, parseSpecOption, refreshOption, tokenizerName, tokenizerSpecOption } from './tokenizerOption';

/** The defaults are the extension's settings' (tokenLens.embedding.*): one truth, in core. */
export { EMBEDDING_DEFAULTS };

/** The parseArgs options of a source: --encoding, --weights and the shape of initial weights. */
export const EMBEDDING_OPTIONS = {
  ...TOKENIZER_OPTIONS,
  weights: { type: 'string', short: 'w' },
  positions: { type: 'string' },
  dim: { type: 'string' },
  seed: { type: 'string' },
  context: { type: 'string' },
  model: { type: 'string' },
  'context-window': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

const INIT_ONLY = ['dim', 'seed', 'context', 'positions', 'model', 'context-window'];
const WINDOW_IDS = CONTEXT_WINDOWS.map((window) => window.id);

/** Help lines for EMBEDDING_OPTIONS. */
export const EMBEDDING_OPTION_HELP = [
  '  --weights init       random weights as before pre-training, N(0, 0.02²), computed per (seed, id) (default)',
  `  --weights builtin    the built-in space trained in miniature (${BUILTIN_TABLE.encoding}, d = ${BUILTIN_TABLE.training.dimension})`,
  '  --weights PATH       a .safetensors file (wte/wpe, transformer.wte/wpe, or Llama model.embed_tokens);',
  '                       d and the context come from the file; without --tokenizer, the encoding whose',
  "                       vocabulary equals the file's rows is used",
  '  --weights MODEL      a model folder (model.safetensors or a sharded index) or hub:ORG/NAME[@REVISION]',
  '                       (rows read lazily by HTTP Range requests); without --tokenizer, the model\'s own tokenizer.json',
  '  The shape of initial weights resolves as the extension\'s embedding settings of the same names do:',
  `  --model NAME         ${EMBEDDING_MODELS.join(', ')} (default ${EMBEDDING_DEFAULTS.model}): auto takes GPT-2 small\'s shape`,
  '                       for r50k_base, else d = --dim and the context of --context-window; a GPT model sets d,',
  '                       the context and (without --encoding) its encoding; custom takes --dim and --context',
  `  --context-window ID  the model whose context auto uses: ${WINDOW_IDS.join(', ')} (default: an open model\'s own`,
  `                       window from its config.json, else ${EMBEDDING_DEFAULTS.contextWindow}, said on stderr when it stands in for an open model)`,
  `  --dim N              vector length d, ${describeRange(EMBEDDING_LIMITS.dimension)} (default ${EMBEDDING_DEFAULTS.dimension}) — auto and custom`,
  `  --context N          context length of custom: later positions have no position vector (default ${EMBEDDING_DEFAULTS.contextLength})`,
  `  --positions KIND     ${INITIAL_POSITION_KINDS.join(', ')} (default ${EMBEDDING_DEFAULTS.positions})`,
  `  --seed S             random seed (default ${EMBEDDING_DEFAULTS.seed})`,
  TOKENIZER_HELP,
];

export interface OpenedEmbeddings {
  readonly source: EmbeddingSource;
  readonly encoder: TextTokenizer;
  /** The tokenizer as `--json` names it: an encoding's name, or an open model as the user gave it (--tokenizer, else --weights). */
  readonly tokenizerName: string;
  /** Where the model stops reading (see core's contextLimit): the position table's end, else an open model's own window. */
  readonly contextLimit: number | undefined;
  /** Whose window that is, for messages: the open model's label, or the GPT model's. */
  readonly windowOwner: string;
}

type Opened = Omit<OpenedEmbeddings, 'contextLimit' | 'windowOwner'>;

/** Whether the options name a weights file rather than initial weights. */
export function usesWeightsFile(values: Record<string, string | boolean | undefined>): boolean {
  return values.weights !== undefined && values.weights !== 'init';
}

/** The source and encoder the options ask for. */
export async function openEmbeddings(values: Record<string, string | boolean | undefined>, io: Io): Promise<OpenedEmbeddings> {
  const opened = await openSource(values, io);
  // The extension's rule: a rotary model (no position table) is read up to the open model's own window.
  const target = tokenizerBudgetTarget(DEFAULT_MODEL_TABLE.resolve(EMBEDDING_DEFAULTS.contextWindow), opened.encoder);
  return { ...opened, contextLimit: contextLimit(opened.source.shape, target), windowOwner: target.label };
}

async function openSource(values: Record<string, string | boolean | undefined>, io: Io): Promise<Opened> {
  const weights = values.weights as string | undefined;
  const spec = tokenizerSpecOption(values);
  if (weights !== undefined && usesWeightsFile(values)) {
    for (const option of INIT_ONLY) {
      if (values[option] !== undefined) throw usageError(`--${option} applies to --weights init only; ${weights} sets its own shape`);
    }
    if (weights === 'builtin') return openBuiltin(spec, values.tokenizer !== undefined ? 'tokenizer' : 'encoding');
    if (isHubSpec(weights) || isDirectory(weights)) return openModelWeights(weights, spec, io, refreshOption(values));
    return openWeightsFile(weights, spec, io, refreshOption(values));
  }
  const dimGiven = values.dim !== undefined;
  const contextGiven = values.context !== undefined;
  const model = parseModel(values.model as string | undefined);
  const preset = model === 'auto' || model === 'custom' ? undefined : MODEL_PRESETS[model];
  if (preset && (dimGiven || contextGiven)) throw usageError('--model sets --dim and --context; give one or the other');
  const encoder = await loadTokenizer(spec ?? preset?.encoding, io, refreshOption(values));
  const target = windowTarget(values['context-window'] as string | undefined, encoder);
  const choice: EmbeddingChoice = {
    model,
    dimension: parseInteger('dim', values.dim as string | undefined, EMBEDDING_LIMITS.dimension, EMBEDDING_DEFAULTS.dimension),
    contextLength: parseInteger('context', values.context as string | undefined, EMBEDDING_LIMITS.contextLength, EMBEDDING_DEFAULTS.contextLength),
    contextWindow: target.model?.id ?? EMBEDDING_DEFAULTS.contextWindow,
    window: targetWindow(target),
    positions: parsePositions(values.positions as string | undefined),
    seed: parseInteger('seed', values.seed as string | undefined, EMBEDDING_LIMITS.seed, EMBEDDING_DEFAULTS.seed),
  };
  const shape = resolveEmbeddingShape(encoder, choice);
  if (dimGiven && shape.basis.kind === 'preset') {
    throw usageError(`--model ${model} takes ${shape.basis.preset.label}'s shape for ${encoder.name}; --dim applies to --model custom`);
  }
  if (contextGiven && shape.basis.kind !== 'custom') throw usageError(`--context applies to --model custom; --model ${model} sets the context itself`);
  if (values['context-window'] !== undefined && shape.basis.kind !== 'window') {
    throw usageError(`--context-window applies to --model auto with an encoding other than r50k_base; --model ${model} sets the context itself`);
  }
  const open = target.openModel;
  if (shape.basis.kind === 'window' && open?.unknownWhy !== undefined) {
    io.stderr.write(`token-lens: note: the context window of ${open.label} is unknown (${open.unknownWhy}); --model auto takes ${target.label}'s (${target.contextWindow.toLocaleString('en-US')} tokens); pass --context-window ID to choose\n`);
  }
  return { source: new InitialWeights(shape), encoder, tokenizerName: tokenizerName(encoder, spec) };
}

/** The built-in table ships beside the bundled CLI: dist/cli.js → media/embeddings/. */
async function openBuiltin(spec: string | undefined, option: string): Promise<Opened> {
  const parsed = spec === undefined ? undefined : parseSpecOption(spec);
  if (parsed && !(parsed.kind === 'encoding' && parsed.name === BUILTIN_TABLE.encoding)) {
    throw usageError(`--weights builtin is trained on ${BUILTIN_TABLE.encoding} token ids; drop --${option} ${spec}`);
  }
  const file = join(__dirname, '..', 'media', 'embeddings', BUILTIN_TABLE.file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw inputError(`cannot read the built-in table ${file}: ${describeFsError(error)} (run npm run train:builtin)`);
  }
  const encoder = loadEncoder(BUILTIN_TABLE.encoding);
  return { source: await openTrainedTable(bytes, file, BUILTIN_TABLE.name), encoder, tokenizerName: encoder.name };
}

/** A model folder or hub:ORG/NAME: its embeddings, tokenized by its own tokenizer.json unless --tokenizer says otherwise. */
async function openModelWeights(weights: string, spec: string | undefined, io: Io, refresh: boolean): Promise<Opened> {
  const location: ModelLocation = isHubSpec(weights) ? { kind: 'hub', ...parseHubSpecOption(weights) } : { kind: 'path', path: weights };
  const encoder = spec === undefined ? await loadModelTokenizer(location, io, refresh) : await loadTokenizer(spec, io, refresh);
  try {
    const source = await openModelEmbeddings(location, { env: io.env, encoding: { name: encoder.name, vocabularySize: encoder.vocabularySize } });
    return { source, encoder, tokenizerName: tokenizerName(encoder, spec ?? weights) };
  } catch (error) {
    throw inputError((error as Error).message);
  }
}

function parseHubSpecOption(spec: string): ReturnType<typeof parseHubSpec> {
  try {
    return parseHubSpec(spec);
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function openWeightsFile(path: string, spec: string | undefined, io: Io, refresh: boolean): Promise<Opened> {
  const explicit = spec === undefined ? undefined : await loadTokenizer(spec, io, refresh);
  let reader: RandomAccessFile;
  try {
    reader = await RandomAccessFile.open(path);
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    const encoding = explicit && { name: explicit.name, vocabularySize: explicit.vocabularySize };
    const source = await openSafetensorsEmbeddings(reader, { file: path, encoding });
    if (explicit) return { source, encoder: explicit, tokenizerName: tokenizerName(explicit, spec) };
    const rows = source.shape.vocabularySize;
    // Smallest vocabularies first: they load fastest and GPT-2 files are the common case.
    for (const name of [...ENCODING_NAMES].reverse()) {
      const encoder = loadEncoder(name);
      if (encoder.vocabularySize === rows) return { source, encoder, tokenizerName: encoder.name };
    }
    await source.close();
    throw inputError(`${path}: expected the word matrix's ${rows} rows to match an encoding's vocabulary, found none that does; pass --tokenizer`);
  } catch (error) {
    await reader.close();
    throw error;
  }
}

function parseModel(value: string | undefined): EmbeddingModel {
  if (value === undefined) return EMBEDDING_DEFAULTS.model;
  if (!(EMBEDDING_MODELS as readonly string[]).includes(value)) throw usageError(`unknown model "${value}"; expected one of ${EMBEDDING_MODELS.join(', ')}`);
  return value as EmbeddingModel;
}

/** The window auto takes: --context-window when given (the user asked for it), else the counts' rule over the tokenizer. */
function windowTarget(value: string | undefined, encoder: TextTokenizer): BudgetTarget {
  if (value !== undefined && !WINDOW_IDS.includes(value)) throw usageError(`unknown context window "${value}"; expected one of ${WINDOW_IDS.join(', ')}`);
  const configured = DEFAULT_MODEL_TABLE.resolve(value ?? EMBEDDING_DEFAULTS.contextWindow);
  return tokenizerBudgetTarget(configured, value === undefined ? encoder : undefined);
}


function parsePositions(value: string | undefined): InitialPositions {
  if (value === undefined) return EMBEDDING_DEFAULTS.positions;
  if (!(INITIAL_POSITION_KINDS as readonly string[]).includes(value)) {
    throw usageError(`--positions must be one of ${INITIAL_POSITION_KINDS.join(', ')}, got "${value}"`);
  }
  return value as InitialPositions;
}
