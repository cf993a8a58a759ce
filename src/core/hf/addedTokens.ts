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

/** A file's added tokens in its order, as parallel lists. */
export interface AddedTokenList {
  readonly ids: Int32Array;
  readonly contents: readonly string[];
  readonly flags: Uint8Array;
  /** The indices sorted by content (UTF-16 order), equal contents by index. */
  readonly byContent: Int32Array;
}

export function addedTokenList(tokens: readonly AddedTokenSpec[]): AddedTokenList {
  const contents = tokens.map((token) => token.content);
  const flags = Uint8Array.from(tokens, (token) => (token.special ? SPECIAL : 0) | (token.normalized ? NORMALIZED : 0) | (token.lstrip ? LSTRIP : 0) | (token.rstrip ? RSTRIP : 0));
  return { ids: Int32Array.from(tokens, (token) => token.id), contents, flags, byContent: sortByContent(contents) };
}

export function addedTokenSpecs({ ids, contents, flags }: AddedTokenList): AddedTokenSpec[] {
  return contents.map((content, i) => ({ id: ids[i], content, special: (flags[i] & SPECIAL) !== 0, normalized: (flags[i] & NORMALIZED) !== 0, lstrip: (flags[i] & LSTRIP) !== 0, rstrip: (flags[i] & RSTRIP) !== 0 }));
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
  private readonly contents: readonly string[];
  /** 1 where a token starts with this unit: most positions are rejected by one array read. */
  private readonly firstUnits = new Uint8Array(0x10000);

  /** The tokens of `list` that `include` accepts, spelled `contentOf` their content. */
  constructor(
    private readonly list: AddedTokenList,
    include: (index: number) => boolean,
    contentOf?: (content: string) => string,
  ) {
    let contents = list.contents;
    let sorted = list.byContent;
    if (contentOf) {
      // Only the included tokens are respelled and sorted (often none are).
      const respelled: string[] = new Array(contents.length).fill('');
      const picked: number[] = [];
      for (let i = 0; i < respelled.length; i++) {
        if (!include(i)) continue;
        respelled[i] = contentOf(list.contents[i]);
        picked.push(i);
      }
      contents = respelled;
      sorted = sortByContent(respelled, picked);
    }
    const order: number[] = [];
    for (let k = 0; k < sorted.length; k++) {
      const index = sorted[k];
      if (contents[index] === '' || !include(index)) continue;
      // The last token listed with this content wins, as in the JavaScript port.
      if (order.length > 0 && contents[order[order.length - 1]] === contents[index]) order.pop();
      order.push(index);
      this.firstUnits[contents[index].charCodeAt(0)] = 1;
    }
    this.order = Int32Array.from(order);
    this.contents = contents;
    this.size = order.length;
  }

  /** All matches in text[from, to), in order and not overlapping. */
  findAll(text: string, from: number, to: number): AddedMatch[] {
    const matches: AddedMatch[] = [];
    if (this.size === 0) return matches;
    const { firstUnits, list } = this;
    let floor = from;
    for (let i = from; i < to; i++) {
      if (firstUnits[text.charCodeAt(i)] === 0) continue;
      const index = this.longestAt(text, i, to);
      if (index < 0) continue;
      let start = i;
      let end = i + this.contents[index].length;
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
    const { order, contents } = this;
    let low = 0;
    let high = order.length;
    let found = -1;
    // [low, high): the tokens starting with text[at, at + k); those that are exactly it come first.
    for (let k = 0; at + k < to && low < high; k++) {
      const unit = text.charCodeAt(at + k);
      low = this.firstAtLeast(low, high, k, unit);
      high = this.firstAtLeast(low, high, k, unit + 1);
      if (low < high && contents[order[low]].length === k + 1) found = order[low];
    }
    return found;
  }

  /** The first position in [low, high) whose content's unit k (-1 past its end) is at least `unit`. */
  private firstAtLeast(low: number, high: number, k: number, unit: number): number {
    const { order, contents } = this;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const content = contents[order[middle]];
      if ((k < content.length ? content.charCodeAt(k) : -1) < unit) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
