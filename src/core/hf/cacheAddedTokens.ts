/**
 * The added tokens in the cache's header as four flat lists (ids, contents, flags, order by
 * content) rather than tokenizer.json's objects: Gemma 3 lists 6,415, which as objects were most
 * of the header, of its parse and of the garbage a load made.
 */
import type { AddedTokenList } from './addedTokens';

/** [ids, contents, flags, indices by content]; flags as AddedTokenList's. */
export type CompactAddedTokens = [number[], string[], number[], number[]];

const MAX_ADDED_TOKENS = 1 << 17;

export function compactAddedTokens({ ids, contents, flags, byContent }: AddedTokenList): CompactAddedTokens {
  return [[...ids], [...contents], [...flags], [...byContent]];
}

/** The added tokens of a compact list, each checked as tokenizer.json's are; `fail` gets a one-line problem. */
export function expandAddedTokens(value: unknown, tokenCount: number, fail: (problem: string) => never): AddedTokenList {
  const lists = value as unknown[][];
  const count = Array.isArray(lists) && Array.isArray(lists[0]) ? lists[0].length : -1;
  if (lists?.length !== 4 || count < 0 || count > MAX_ADDED_TOKENS || !lists.every((list) => Array.isArray(list) && list.length === count)) {
    return fail(`added_tokens must be [ids, contents, flags, order] of one length up to ${MAX_ADDED_TOKENS}`);
  }
  const [idList, contents, flagList, orderList] = lists;
  const ids = new Int32Array(count);
  const flags = new Uint8Array(count);
  const byContent = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const id = idList[i];
    const content = contents[i];
    const flag = flagList[i];
    const index = orderList[i];
    if (!Number.isSafeInteger(id) || (id as number) < 0 || (id as number) >= tokenCount) fail(`added token ${i} has id ${id}, outside the vocabulary of ${tokenCount}`);
    if (typeof content !== 'string' || content === '' || content.length > 1024) fail(`added token ${i} must have a non-empty content of at most 1024 units`);
    if (!Number.isInteger(flag) || (flag as number) < 0 || (flag as number) > 15) fail(`added token ${i} has flags ${flag}, expected 0 to 15`);
    // A wrong order only makes matching miss: every index still names one of these tokens.
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= count) fail(`added token order ${i} is ${index}, expected an index below ${count}`);
    ids[i] = id as number;
    flags[i] = flag as number;
    byContent[i] = index as number;
  }
  return { ids, contents: contents as string[], flags, byContent };
}
