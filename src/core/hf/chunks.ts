/**
 * How a Hugging Face tokenizer meets the incremental path (TextTokenizer.encodeRange): its
 * tokens are grouped into chunks (a pre-tokenizer word, an added token), the stop predicate is
 * asked before each, and only chunk starts are marked as points where tokenization may restart.
 */
import type { StopPredicate } from '../tokenizer/textTokenizer';
import type { TokenBuffer } from '../tokenizer/tokenBuffer';

/**
 * Copies `tokens` (spans relative to a slice) to `out` shifted by `shift`, chunk by chunk, asking
 * `stop` before each. `joinsNext(id)` true keeps the chunk after that token in the same chunk (a
 * section's first word after an added token, when the pipeline prepends at section starts).
 * Returns the relative start of the chunk `stop` refused, or -1 when every token was copied.
 */
export function copyChunks(tokens: TokenBuffer, out: TokenBuffer, shift: number, stop: StopPredicate | undefined, joinsNext?: (id: number) => boolean): number {
  const { count, ids, starts, ends, chunkStarts } = tokens;
  for (let i = 0; i < count; ) {
    let end = ends[i];
    let j = i + 1;
    // A word that shares a character with the one before (a mark NFC composed into it) is no restart point.
    while (j < count && (chunkStarts[j] === 0 || starts[j] < end || joinsNext?.(ids[j - 1]))) end = Math.max(end, ends[j++]);
    if (stop?.(starts[i] + shift, end + shift)) return starts[i];
    for (let k = i; k < j; k++) out.push(ids[k], starts[k] + shift, ends[k] + shift, k === i);
    i = j;
  }
  return -1;
}
