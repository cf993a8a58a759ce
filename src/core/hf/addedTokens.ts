/**
 * Finding added tokens in text as Hugging Face does: leftmost, longest at that position
 * (its Aho-Corasick `LeftmostLongest`), with `lstrip`/`rstrip` taking the whitespace beside
 * the token into its span.
 */
import type { AddedTokenSpec } from './spec';

export interface AddedMatch {
  /** Span including stripped whitespace. */
  readonly start: number;
  readonly end: number;
  readonly id: number;
}

const WHITE_SPACE = /\p{White_Space}/u;

export class AddedTokenMatcher {
  readonly size: number;
  /**
   * The tokens sorted by content (UTF-16 order): those starting with a given prefix are one run,
   * so the longest token at a position is found by narrowing a run unit by unit. No object per
   * trie node: Gemma 3 has 6,415 added tokens, and this is built on a tokenizer's first use.
   */
  private readonly sorted: AddedTokenSpec[];
  /** 1 where a token starts with this unit: most positions are rejected by one array read. */
  private readonly firstUnits = new Uint8Array(0x10000);

  constructor(tokens: readonly AddedTokenSpec[], contentOf: (token: AddedTokenSpec) => string = (token) => token.content) {
    this.size = tokens.length;
    // The last token listed with this content wins, as in the JavaScript port.
    const byContent = new Map<string, AddedTokenSpec>();
    for (const token of tokens) {
      const content = contentOf(token);
      if (content === '') continue;
      this.firstUnits[content.charCodeAt(0)] = 1;
      byContent.set(content, content === token.content ? token : { ...token, content });
    }
    // The built-in sort compares strings by UTF-16 units, as longestAt reads them, and calls no comparator.
    this.sorted = [...byContent.keys()].sort().map((content) => byContent.get(content) as AddedTokenSpec);
  }

  /** All matches in text[from, to), in order and not overlapping. */
  findAll(text: string, from: number, to: number): AddedMatch[] {
    const matches: AddedMatch[] = [];
    if (this.size === 0) return matches;
    const { firstUnits } = this;
    let floor = from;
    for (let i = from; i < to; i++) {
      if (firstUnits[text.charCodeAt(i)] === 0) continue;
      const token = this.longestAt(text, i, to);
      if (!token) continue;
      let start = i;
      let end = i + token.content.length;
      if (token.lstrip) while (start > floor && WHITE_SPACE.test(text[start - 1])) start--;
      if (token.rstrip) while (end < to && WHITE_SPACE.test(text[end])) end++;
      matches.push({ start, end, id: token.id });
      floor = end;
      i = end - 1;
    }
    return matches;
  }

  private longestAt(text: string, at: number, to: number): AddedTokenSpec | undefined {
    const { sorted } = this;
    let low = 0;
    let high = sorted.length;
    let found: AddedTokenSpec | undefined;
    // [low, high): the tokens starting with text[at, at + k); those that are exactly it come first.
    for (let k = 0; at + k < to && low < high; k++) {
      const unit = text.charCodeAt(at + k);
      low = firstAtLeast(sorted, low, high, k, unit);
      high = firstAtLeast(sorted, low, high, k, unit + 1);
      if (low < high && sorted[low].content.length === k + 1) found = sorted[low];
    }
    return found;
  }
}

/** The first index in [low, high) whose content's unit k (-1 past its end) is at least `unit`. */
function firstAtLeast(sorted: readonly AddedTokenSpec[], low: number, high: number, k: number, unit: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    const content = sorted[middle].content;
    if ((k < content.length ? content.charCodeAt(k) : -1) < unit) low = middle + 1;
    else high = middle;
  }
  return low;
}
