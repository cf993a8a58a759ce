/**
 * The added tokens in the cache's header as three flat lists (ids, contents, flags) rather than
 * tokenizer.json's objects: Gemma 3 lists 6,415, which as objects were most of the header and
 * of its parse at every load.
 */
import type { AddedTokenSpec } from './spec';

/** [ids, contents, flags]; flags: special 1, normalized 2, lstrip 4, rstrip 8. */
export type CompactAddedTokens = [number[], string[], number[]];

const MAX_ADDED_TOKENS = 1 << 17;

export function compactAddedTokens(tokens: readonly AddedTokenSpec[]): CompactAddedTokens {
  return [
    tokens.map((token) => token.id),
    tokens.map((token) => token.content),
    tokens.map((token) => (token.special ? 1 : 0) | (token.normalized ? 2 : 0) | (token.lstrip ? 4 : 0) | (token.rstrip ? 8 : 0)),
  ];
}

/** The added tokens of a compact list, each checked as tokenizer.json's are; `fail` gets a one-line problem. */
export function expandAddedTokens(value: unknown, tokenCount: number, fail: (problem: string) => never): AddedTokenSpec[] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every(Array.isArray) || value[0].length !== value[1].length || value[0].length !== value[2].length || value[0].length > MAX_ADDED_TOKENS) {
    return fail(`added_tokens must be [ids, contents, flags] of one length up to ${MAX_ADDED_TOKENS}`);
  }
  const [ids, contents, flags] = value as [unknown[], unknown[], unknown[]];
  const tokens: AddedTokenSpec[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const content = contents[i];
    const flag = flags[i];
    if (!Number.isSafeInteger(id) || (id as number) < 0 || (id as number) >= tokenCount) fail(`added token ${i} has id ${id}, outside the vocabulary of ${tokenCount}`);
    if (typeof content !== 'string' || content === '' || content.length > 1024) fail(`added token ${i} must have a non-empty content of at most 1024 units`);
    if (!Number.isInteger(flag) || (flag as number) < 0 || (flag as number) > 15) fail(`added token ${i} has flags ${flag}, expected 0 to 15`);
    const bits = flag as number;
    tokens[i] = { id: id as number, content: content as string, special: (bits & 1) !== 0, normalized: (bits & 2) !== 0, lstrip: (bits & 4) !== 0, rstrip: (bits & 8) !== 0 };
  }
  return tokens;
}
