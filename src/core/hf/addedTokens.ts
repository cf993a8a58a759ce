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

/** A trie over UTF-16 units: each node maps a unit to its child, and may end a token. */
interface TrieNode {
  readonly children: Map<number, TrieNode>;
  token: AddedTokenSpec | undefined;
}

export class AddedTokenMatcher {
  readonly size: number;
  private readonly root: TrieNode = { children: new Map(), token: undefined };
  /** 1 where a token starts with this unit: most positions are rejected by one array read. */
  private readonly firstUnits = new Uint8Array(0x10000);

  constructor(tokens: readonly AddedTokenSpec[], contentOf: (token: AddedTokenSpec) => string = (token) => token.content) {
    this.size = tokens.length;
    for (const token of tokens) {
      const content = contentOf(token);
      if (content === '') continue;
      this.firstUnits[content.charCodeAt(0)] = 1;
      let node = this.root;
      for (let i = 0; i < content.length; i++) {
        const unit = content.charCodeAt(i);
        let child = node.children.get(unit);
        if (!child) node.children.set(unit, (child = { children: new Map(), token: undefined }));
        node = child;
      }
      // The last token listed with this content wins, as in the JavaScript port.
      node.token = { ...token, content };
    }
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
    let node: TrieNode | undefined = this.root;
    let found: AddedTokenSpec | undefined;
    for (let i = at; i < to; i++) {
      node = node.children.get(text.charCodeAt(i));
      if (!node) break;
      if (node.token) found = node.token;
    }
    return found;
  }
}
