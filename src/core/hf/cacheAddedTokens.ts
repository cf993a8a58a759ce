/**
 * The added tokens in the cache as binary lists (ids, flags, order by content, and their contents
 * as one UTF-16 text with where each starts) rather than tokenizer.json's objects: Gemma 3 lists
 * 6,415, which as JSON were most of the header, of its parse and of the garbage a load made.
 */
import { type AddedTokenList, MAX_ADDED_TOKEN_UNITS } from './addedTokens';

/** The text of UTF-16 code units (lone surrogates kept, unlike a UTF-16 decoder). */
export function textOfUnits(units: Uint16Array): string {
  const chunks: string[] = [];
  for (let at = 0; at < units.length; at += 8192) chunks.push(String.fromCharCode.apply(null, units.subarray(at, at + 8192) as unknown as number[]));
  // Joined, not concatenated: one flat string (a rope would make every charCodeAt walk it).
  return chunks.join('');
}

export function unitsOfText(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Checks what tokenizer.json's reader would, and that every index stays in the lists; `fail` gets a one-line problem. */
export function checkAddedTokens(list: AddedTokenList, tokenCount: number, fail: (problem: string) => never): void {
  const { ids, flags, starts, byContent, text } = list;
  if (starts[0] !== 0 || starts[ids.length] !== text.length) fail(`added token contents cover ${starts[ids.length]} units but the text holds ${text.length}`);
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < tokenCount)) fail(`added token ${i} has id ${ids[i]}, outside the vocabulary of ${tokenCount}`);
    const length = starts[i + 1] - starts[i];
    if (!(length > 0 && length <= MAX_ADDED_TOKEN_UNITS)) fail(`added token ${i} has ${length} units of content, expected 1 to ${MAX_ADDED_TOKEN_UNITS}`);
    if (flags[i] > 15) fail(`added token ${i} has flags ${flags[i]}, expected 0 to 15`);
    // A wrong order only makes matching miss: every index still names one of these tokens.
    if (!(byContent[i] >= 0 && byContent[i] < ids.length)) fail(`added token order ${i} is ${byContent[i]}, expected an index below ${ids.length}`);
  }
}
