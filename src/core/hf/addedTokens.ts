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
  private readonly byFirstUnit = new Map<number, AddedTokenSpec[]>();
  private readonly firstUnits = new Uint8Array(0x10000);

  constructor(tokens: readonly AddedTokenSpec[], contentOf: (token: AddedTokenSpec) => string = (token) => token.content) {
    this.size = tokens.length;
    for (const token of tokens) {
      const content = contentOf(token);
      if (content === '') continue;
      const first = content.charCodeAt(0);
      this.firstUnits[first] = 1;
      const list = this.byFirstUnit.get(first) ?? [];
      list.push({ ...token, content });
      this.byFirstUnit.set(first, list);
    }
    for (const list of this.byFirstUnit.values()) list.sort((a, b) => b.content.length - a.content.length);
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
    for (const token of this.byFirstUnit.get(text.charCodeAt(at)) ?? []) {
      if (at + token.content.length <= to && text.startsWith(token.content, at)) return token;
    }
    return undefined;
  }
}
