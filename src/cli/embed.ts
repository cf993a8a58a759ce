/** `token-lens embed`: each token's word vector, position vector and their sum, the Transformer's input. */
import { type EmbeddingSource, type TokenEmbedding, embedTokens, float32ForJson, l2Norm } from '../core/embeddings';
import type { Encoder, TokenSpans } from '../core/tokenizer';
import type { Command } from './command';
import { type Io, readTextInput } from './common';
import { EMBEDDING_OPTIONS, EMBEDDING_OPTION_HELP, openEmbeddings } from './embeddingOptions';

/** Tokens embedded per batch: bounds concurrent file reads and memory on long inputs. */
const BATCH = 256;

const USAGE =
  'token-lens embed [FILE] [--encoding NAME] [--weights init|builtin|PATH.safetensors] [--positions learned|sinusoidal|none] ' +
  '[--dim N] [--seed S] [--context N] [--model NAME] [--json]';

const DETAILS = [
  `Usage: ${USAGE}`,
  '',
  'Prints, for each token of FILE (or stdin), its word vector (row `id` of the word-embedding matrix),',
  'its position vector (row `position` of the position table) and their element-wise sum: the input vector.',
  '',
  ...EMBEDDING_OPTION_HELP,
  '  --json               {"encoding", "source", "dim", "tokens": [{"id", "position", "word", "pos", "input", "outside_context"}]}',
  '                       (pos and input are null without a position table or outside the context)',
].join('\n');

export const embedCommand: Command = {
  name: 'embed',
  usage: USAGE,
  details: DETAILS,
  summary: "each token's word + position = input vector (defaults: --weights init --positions learned --dim 768 --seed 0 --context 1024; embed --help)",
  options: {
    ...EMBEDDING_OPTIONS,
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(values, [file], io) {
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
