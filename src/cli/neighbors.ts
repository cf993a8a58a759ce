/** `token-lens neighbors`: the tokens whose trained word vectors point the same way as a token's. */
import { type EmbeddingSource, allFinite, findNearestRows } from '../core/embeddings';
import { HubEmbeddings } from '../core/hub/embeddings';
import type { TextTokenizer } from '../core/tokenizer';
import { TOKENIZER_OPTIONS } from './tokenizerOption';
import type { Command } from './command';
import { type Io, inputError, parseInteger, usageError } from './common';
import { openEmbeddings } from './embeddingOptions';
import { patternTimeLimitMs } from './patternGuard';
import { tokenizeWhole } from './tokenStream';

/** What --k accepts; more than the vocabulary's other rows gives them all (the JSON says the k used). */
const K_RANGE = { min: 1, max: 1_000_000 };

const USAGE = 'token-lens neighbors TOKEN_TEXT --weights builtin|PATH.safetensors|MODEL [--k 10] [--tokenizer SPEC] [--refresh] [--json]';

export const neighborsCommand: Command = {
  name: 'neighbors',
  usage: USAGE,
  summary: 'list the k tokens nearest to a token by cosine similarity of trained word vectors (first token if TOKEN_TEXT is several)',
  options: {
    weights: { type: 'string', short: 'w' },
    k: { type: 'string', short: 'k' },
    ...TOKENIZER_OPTIONS,
    json: { type: 'boolean' },
  },
  maxPositionals: 1,
  async run(values, [tokenText], io) {
    if (tokenText === undefined || tokenText === '') throw usageError(`expected TOKEN_TEXT; usage: ${USAGE}`);
    const weights = values.weights as string | undefined;
    if (weights === undefined) throw usageError(`expected --weights builtin or PATH.safetensors; usage: ${USAGE}`);
    if (weights === 'init') {
      throw usageError('neighbours need trained weights: in random initial weights every pair of tokens is nearly orthogonal');
    }
    const requestedK = parseInteger('k', values.k as string | undefined, K_RANGE, 10);
    const { source, encoder, tokenizerName } = await openEmbeddings({ weights, tokenizer: values.tokenizer, encoding: values.encoding }, io);
    try {
      const ids = (await tokenizeWhole(encoder, tokenText, { patternTimeLimitMs: patternTimeLimitMs(io.env) })).idList();
      const id = ids[0];
      if (ids.length > 1) {
        const pieces = ids.map((each) => `${JSON.stringify(tokenLabel(encoder, each))} ${each}`).join(', ');
        io.stderr.write(`token-lens: note: ${JSON.stringify(tokenText)} is ${ids.length} tokens (${pieces}); using the first\n`);
      }
      const query = await source.wordVector(id);
      // Such a row (a padding token's is often all zeros) has no direction: no cosine with it means anything.
      const problem = !allFinite(query) ? 'holds NaN or ±Infinity' : query.every((value) => value === 0) ? 'is all zeros' : undefined;
      if (problem) throw inputError(`${source.name}: row ${id} (${JSON.stringify(tokenLabel(encoder, id))}) ${problem}; it has no direction to compare`);
      await downloadWholeMatrix(source, io);
      const rows = source.shape.vocabularySize;
      const k = Math.min(requestedK, rows - 1);
      const onNonFiniteRows = (count: number) => {
        if (count > 0) io.stderr.write(`token-lens: warning: ${source.name}: ${count} of ${rows} word rows hold NaN or ±Infinity; left out of the neighbours\n`);
      };
      const neighbors = await findNearestRows(source, id, k, { onNonFiniteRows });
      const found = neighbors.map((neighbor) => ({ id: neighbor.id, token: tokenLabel(encoder, neighbor.id), cosine: neighbor.cosine }));
      if (values.json) {
        const query = { text: tokenText, id, token: tokenLabel(encoder, id), tokens: ids.length };
        await io.stdout.write(`${JSON.stringify({ encoding: tokenizerName, source: source.name, query, k: found.length, neighbors: found })}\n`);
        return;
      }
      await io.stdout.write(`nearest to ${JSON.stringify(tokenLabel(encoder, id))} (id ${id}) by cosine similarity, ${source.name}:\n`);
      const lines = found.map((row, index) => {
        const label = row.token === null ? `(row ${row.id}: no token in ${encoder.name})` : JSON.stringify(row.token);
        return `${String(index + 1).padStart(3)}  ${row.cosine.toFixed(4).padStart(7)}  ${String(row.id).padStart(6)}  ${label}\n`;
      });
      await io.stdout.write(lines.join(''));
    } finally {
      await source.close();
    }
  },
};

/** Neighbours compare every row: a Hub model's word matrix is downloaded once (its size said first) rather than row by row. */
async function downloadWholeMatrix(source: EmbeddingSource, io: Io): Promise<void> {
  if (!(source instanceof HubEmbeddings) || (await source.hasWordMatrix())) return;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  io.stderr.write(`token-lens: neighbours compare every row: downloading the word matrix of ${source.name} once (${mb(source.wordMatrixBytes)})\n`);
  let shown = -1;
  await source.downloadWordMatrix({
    onProgress: ({ received, total }) => {
      const percent = Math.floor((100 * received) / Math.max(1, total));
      if (!io.stderr.isTTY || percent === shown) return;
      shown = percent;
      io.stderr.write(`\r${mb(received)} of ${mb(total)}${received >= total ? '\n' : ''}`);
    },
  });
}

/** A token's text (U+FFFD for a partial UTF-8 character), or null for a row beyond the encoding. */
function tokenLabel(encoder: TextTokenizer, id: number): string | null {
  return encoder.isValidId(id) ? encoder.decode([id]) : null;
}
