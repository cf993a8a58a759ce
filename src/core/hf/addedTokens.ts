/**
 * Finding added tokens in text as Hugging Face does: leftmost, longest at that position
 * (its Aho-Corasick `LeftmostLongest`), with `lstrip`/`rstrip` taking the whitespace beside
 * the token into its span.
 *
 * The tokens are kept as flat lists (AddedTokenList), not an object each: Gemma 3 has 6,415,
 * and a load from the binary cache must not allocate (and collect) thousands of objects.
 */
import type { AddedTokenSpec } from './spec';

export interface AddedMatch {
  /** Span including stripped whitespace. */
  readonly start: number;
  readonly end: number;
  readonly id: number;
}

/** Bits of AddedTokenList.flags. */
export const SPECIAL = 1;
export const NORMALIZED = 2;
export const LSTRIP = 4;
export const RSTRIP = 8;

/** A file's added tokens in its order, as parallel lists; token i's content is text[starts[i], starts[i + 1]). */
export interface AddedTokenList {
  readonly ids: Int32Array;
  readonly flags: Uint8Array;
  readonly text: string;
  readonly starts: Uint32Array;
  /** The indices sorted by content (UTF-16 order), equal contents by index. */
  readonly byContent: Int32Array;
  /** Per position in byContent: 1 when its content equals the previous position's. */
  readonly repeats: Uint8Array;
}

/** What a `tokenizer.json` may list: entries, the highest id, and a content's length in UTF-16 units. */
export const MAX_ADDED_TOKENS = 1 << 17;
export const MAX_ADDED_TOKEN_ID = (1 << 24) - 1;
export const MAX_ADDED_TOKEN_UNITS = 1024;

export function addedTokenList(tokens: readonly AddedTokenSpec[]): AddedTokenList {
  const flags = Uint8Array.from(tokens, (token) => (token.special ? SPECIAL : 0) | (token.normalized ? NORMALIZED : 0) | (token.lstrip ? LSTRIP : 0) | (token.rstrip ? RSTRIP : 0));
  return addedTokensOf(Int32Array.from(tokens, (token) => token.id), flags, tokens.map((token) => token.content));
}

/** The list of tokens given as parallel lists (flags: SPECIAL | NORMALIZED | LSTRIP | RSTRIP). */
export function addedTokensOf(ids: Int32Array, flags: Uint8Array, contents: readonly string[]): AddedTokenList {
  const byContent = sortByContent(contents);
  return { ids, flags, ...joinContents(contents), byContent, repeats: repeatsOf(contents, byContent) };
}

function repeatsOf(contents: readonly string[], byContent: Int32Array): Uint8Array {
  return Uint8Array.from(byContent, (index, k) => (k > 0 && contents[byContent[k - 1]] === contents[index] ? 1 : 0));
}

/** The contents as one text and where each starts. */
function joinContents(contents: readonly string[]): { text: string; starts: Uint32Array } {
  const starts = new Uint32Array(contents.length + 1);
  contents.forEach((content, i) => (starts[i + 1] = starts[i] + content.length));
  return { text: contents.join(''), starts };
}

export function addedContent({ text, starts }: AddedTokenList, i: number): string {
  return text.slice(starts[i], starts[i + 1]);
}

export function addedTokenSpecs(list: AddedTokenList): AddedTokenSpec[] {
  const { ids, flags } = list;
  return Array.from(ids, (id, i) => ({
    id,
    content: addedContent(list, i),
    special: (flags[i] & SPECIAL) !== 0,
    normalized: (flags[i] & NORMALIZED) !== 0,
    lstrip: (flags[i] & LSTRIP) !== 0,
    rstrip: (flags[i] & RSTRIP) !== 0,
  }));
}

/** Indices of `contents` (or those `indices`) by content, equal contents by index. */
export function sortByContent(contents: readonly string[], indices: Iterable<number> = contents.keys()): Int32Array {
  return Int32Array.from(indices).sort((a, b) => (contents[a] < contents[b] ? -1 : contents[a] > contents[b] ? 1 : a - b));
}

const WHITE_SPACE = /\p{White_Space}/u;

export class AddedTokenMatcher {
  readonly size: number;
  /**
   * The matched tokens' indices sorted by content: those starting with a given prefix are one
   * run, so the longest token at a position is found by narrowing a run unit by unit.
   */
  private readonly order: Int32Array;
  /** The contents the matcher looks for (the list's, or respelled): token i's is text[starts[i], starts[i + 1]). */
  private readonly text: string;
  private readonly starts: Uint32Array;
  /** 1 where a token starts with this unit: most positions are rejected by one array read. */
  private readonly firstUnits = new Uint8Array(0x10000);

  /** The tokens of `list` whose flags masked by `mask` equal `value`, spelled `contentOf` their content. */
  constructor(
    private readonly list: AddedTokenList,
    mask: number,
    value: number,
    contentOf?: (content: string) => string,
  ) {
    const { flags } = list;
    let { text, starts, byContent: sorted, repeats } = list;
    if (contentOf) {
      // Only the included tokens are respelled and sorted (often none are).
      const picked: number[] = [];
      for (let i = 0; i < flags.length; i++) if ((flags[i] & mask) === value) picked.push(i);
      const respelled: string[] = new Array(picked.length > 0 ? flags.length : 0).fill('');
      for (const i of picked) respelled[i] = contentOf(addedContent(list, i));
      ({ text, starts } = joinContents(respelled));
      sorted = sortByContent(respelled, picked);
      repeats = repeatsOf(respelled, sorted);
    }
    this.text = text;
    this.starts = starts;
    const order: number[] = [];
    // Equal contents are one run of positions; the last token listed of a run wins, as in the JavaScript port.
    let run = -1;
    let lastRun = -2;
    for (let k = 0; k < sorted.length; k++) {
      if (repeats[k] !== 1) run = k;
      const index = sorted[k];
      if (starts[index] >= starts[index + 1] || (flags[index] & mask) !== value) continue;
      if (run === lastRun) order.pop();
      order.push(index);
      lastRun = run;
      this.firstUnits[text.charCodeAt(starts[index])] = 1;
    }
    this.order = Int32Array.from(order);
    this.size = order.length;
  }

  /** All matches in text[from, to), in order and not overlapping. */
  findAll(text: string, from: number, to: number): AddedMatch[] {
    const matches: AddedMatch[] = [];
    if (this.size === 0) return matches;
    const { firstUnits, list, starts } = this;
    let floor = from;
    for (let i = from; i < to; i++) {
      if (firstUnits[text.charCodeAt(i)] === 0) continue;
      const index = this.longestAt(text, i, to);
      if (index < 0) continue;
      let start = i;
      let end = i + starts[index + 1] - starts[index];
      if (list.flags[index] & LSTRIP) while (start > floor && WHITE_SPACE.test(text[start - 1])) start--;
      if (list.flags[index] & RSTRIP) while (end < to && WHITE_SPACE.test(text[end])) end++;
      matches.push({ start, end, id: list.ids[index] });
      floor = end;
      i = end - 1;
    }
    return matches;
  }

  /** The index of the longest token at text[at], -1 when none starts there. */
  private longestAt(text: string, at: number, to: number): number {
    const { order, starts } = this;
    let low = 0;
    let high = order.length;
    let found = -1;
    // [low, high): the tokens starting with text[at, at + k); those that are exactly it come first.
    for (let k = 0; at + k < to && low < high; k++) {
      const unit = text.charCodeAt(at + k);
      low = this.firstAtLeast(low, high, k, unit);
      high = this.firstAtLeast(low, high, k, unit + 1);
      if (low < high && starts[order[low] + 1] - starts[order[low]] === k + 1) found = order[low];
    }
    return found;
  }

  /** The first position in [low, high) whose content's unit k (-1 past its end) is at least `unit`. */
  private firstAtLeast(low: number, high: number, k: number, unit: number): number {
    const { order, starts, text } = this;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const index = order[middle];
      const at = starts[index] + k;
      if ((at < starts[index + 1] ? text.charCodeAt(at) : -1) < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
