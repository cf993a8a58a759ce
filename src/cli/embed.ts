/** `token-lens embed`: each token's word vector, position vector and their sum, the Transformer's input. */
import { type TokenEmbedding, embedTokens, hasPositionVectors, l2Norm } from '../core/embeddings';
import type { Command } from './command';
import { patternTimeLimitMs } from './patternGuard';
import type { Io } from './common';
import { EMBEDDING_OPTIONS, EMBEDDING_OPTION_HELP, type OpenedEmbeddings, openEmbeddings } from './embeddingOptions';
import { NonFiniteRows, float32JsonValue } from './nonFinite';
import { MAX_SIZE_HELP, MAX_SIZE_OPTION, openTextPieces, parseMaxSize } from './input';
import { type TokenRun, tokenRuns } from './tokenStream';

/** Tokens embedded per batch: bounds concurrent file reads and memory on long inputs. */
const BATCH = 256;

const USAGE =
  'token-lens embed [FILE] [--tokenizer SPEC] [--refresh] [--weights init|builtin|PATH.safetensors|MODEL] [--positions learned|sinusoidal|none] ' +
  '[--model auto|custom|gpt2|…] [--context-window ID] [--dim N] [--context N] [--seed S] [--max-size N] [--json]';

const DETAILS = [
  `Usage: ${USAGE}`,
  '',
  'Prints, for each token of FILE (or stdin), its word vector (row `id` of the word-embedding matrix),',
  'its position vector (row `position` of the position table) and their element-wise sum: the input vector.',
  '',
  ...EMBEDDING_OPTION_HELP,
  MAX_SIZE_HELP,
  '  --json               {"encoding", "source", "dim", "context", "positions", "tokens": [{"id", "position", "word", "pos", "input", "outside_context"}]}',
  '                       (pos is null without a position table or outside the context, input too unless positions are rotary:',
  '                       then input is the word vector up to the model\'s own window (config.json), which "context" gives;',
  '                       past it outside_context is true and input null, as past a position table: the model never sees the token;',
  '                       NaN and ±Infinity in a weights file are written as "NaN", "Infinity", "-Infinity")',
].join('\n');

export const embedCommand: Command = {
  name: 'embed',
  usage: USAGE,
  details: DETAILS,
  summary: "each token's word + position = input vector (defaults as the extension's settings: --model auto, d 768, an open model's own context window or --context-window gpt-4o's; embed --help)",
  options: {
    ...EMBEDDING_OPTIONS,
    ...MAX_SIZE_OPTION,
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(values, [file], io) {
    const limit = parseMaxSize(values['max-size'] as string | undefined);
    const timeLimitMs = patternTimeLimitMs(io.env);
    const opened = await openEmbeddings(values, io);
    const { source, encoder } = opened;
    try {
      const runs = tokenRuns(encoder, await openTextPieces(file, io, limit), { patternTimeLimitMs: timeLimitMs });
      const nonFinite = new NonFiniteRows();
      if (values.json) await writeJson(io, opened, runs, nonFinite);
      else await writeTable(io, opened, runs, nonFinite);
      const warning = nonFinite.warning(source.name);
      if (warning) io.stderr.write(warning);
    } finally {
      await source.close();
    }
  },
};

/** Embeds the tokens batch by batch, handing each batch (with its run and its first index there) to `write`. */
async function forEachBatch(
  { source, contextLimit }: Pick<OpenedEmbeddings, 'source' | 'contextLimit'>,
  runs: AsyncIterable<TokenRun>,
  nonFinite: NonFiniteRows,
  write: (batch: TokenEmbedding[], run: TokenRun, first: number) => Promise<void>,
): Promise<void> {
  let position = 0;
  for await (const run of runs) {
    for (let first = 0; first < run.count; first += BATCH) {
      const ids = run.ids.subarray(first, Math.min(run.count, first + BATCH));
      const batch = await embedTokens(source, ids, position, contextLimit);
      batch.forEach((token) => nonFinite.note(token));
      await write(batch, run, first);
      position += ids.length;
    }
  }
}

const vectorJson = (vector: Float32Array | undefined) => (vector ? Array.from(vector, float32JsonValue) : null);

async function writeJson(io: Io, opened: OpenedEmbeddings, runs: AsyncIterable<TokenRun>, nonFinite: NonFiniteRows): Promise<void> {
  const { source, tokenizerName, contextLimit } = opened;
  const head = { encoding: tokenizerName, source: source.name, dim: source.shape.dimension, context: contextLimit ?? null, positions: source.positionKind };
  await io.stdout.write(`${JSON.stringify(head).slice(0, -1)},"tokens":[`);
  let written = 0;
  await forEachBatch(opened, runs, nonFinite, async (batch) => {
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
    await io.stdout.write((written > 0 ? ',' : '') + lines.join(','));
    written += batch.length;
  });
  await io.stdout.write(']}\n');
}

async function writeTable(io: Io, opened: OpenedEmbeddings, runs: AsyncIterable<TokenRun>, nonFinite: NonFiniteRows): Promise<void> {
  const { source, tokenizerName, contextLimit, windowOwner } = opened;
  await io.stdout.write(`encoding  ${tokenizerName}\nsource    ${source.name}\n`);
  for (const matrix of source.matrices) {
    const note = matrix.trainable ? 'weights' : 'values, computed, not trained';
    await io.stdout.write(`matrix    ${matrix.label} ${matrix.rows} × ${matrix.columns} = ${matrix.weights.toLocaleString('en-US')} ${note}\n`);
  }
  if (source.positionKind === 'rotary') await io.stdout.write('positions rotary: nothing is added; positions rotate queries and keys inside attention\n');
  const shown = Math.min(4, source.shape.dimension);
  const columns = ['pos', 'id', 'token', `word[0..${shown - 1}]`, '‖word‖', '‖pos‖', '‖input‖'];
  const widths = [6, 7, 18, shown * 9 + 1, 8, 8, 8];
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  await io.stdout.write(`\n${line(columns)}\n`);
  // As the hover says it: only a position table runs out of position vectors.
  const outsideNote = hasPositionVectors(source)
    ? `  (outside the ${contextLimit}-token context)`
    : `  (outside ${windowOwner}'s ${contextLimit}-token context window: the model never sees this token)`;
  await forEachBatch(opened, runs, nonFinite, async (batch, run, first) => {
    const rows = batch.map((token, k) => {
      const piece = JSON.stringify(run.text.slice(run.starts[first + k] - run.textStart, run.ends[first + k] - run.textStart));
      const head = Array.from(token.wordVector.subarray(0, shown), (v) => (v >= 0 ? '+' : '') + v.toFixed(4)).join(' ');
      const norm = (vector: Float32Array | undefined) => (vector ? l2Norm(vector).toFixed(4) : '—');
      const more = source.shape.dimension > shown ? ' …' : '';
      const outside = token.outsideContext ? outsideNote : '';
      const cells = [String(token.position), String(token.id), clip(piece, widths[2]), head + more, norm(token.wordVector), norm(token.positionVector), norm(token.inputVector)];
      return line(cells) + outside;
    });
    await io.stdout.write(`${rows.join('\n')}\n`);
  });
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
