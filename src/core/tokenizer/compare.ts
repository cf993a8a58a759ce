/**
 * One text under several tokenizers, side by side: each one's tokens, count and characters per
 * token, and which of its tokens have a boundary (start or end) that some other tokenizer lacks.
 */
import type { TokenSpans } from './tokenBuffer';

export interface ComparedToken {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  /** Its start or end is not a token boundary in every other tokenization. */
  readonly differs: boolean;
}

export interface ComparedTokenization {
  readonly name: string;
  readonly count: number;
  /** UTF-16 units per token; 0 for an empty text. */
  readonly charactersPerToken: number;
  readonly tokens: readonly ComparedToken[];
  /** Tokens marked `differs`. */
  readonly differing: number;
}

/** Compares tokenizations of the same `textLength` units of text. */
export function compareTokenizations(textLength: number, tokenizations: readonly { readonly name: string; readonly spans: TokenSpans }[]): ComparedTokenization[] {
  const boundaries = tokenizations.map(({ spans }) => {
    const set = new Set<number>();
    for (let i = 0; i < spans.count; i++) {
      set.add(spans.starts[i]);
      set.add(spans.ends[i]);
    }
    return set;
  });
  const everywhere = (offset: number) => boundaries.every((set) => set.has(offset));
  return tokenizations.map(({ name, spans }) => {
    const tokens: ComparedToken[] = [];
    let differing = 0;
    for (let i = 0; i < spans.count; i++) {
      const differs = !everywhere(spans.starts[i]) || !everywhere(spans.ends[i]);
      if (differs) differing++;
      tokens.push({ id: spans.ids[i], start: spans.starts[i], end: spans.ends[i], differs });
    }
    return { name, count: spans.count, charactersPerToken: spans.count > 0 ? textLength / spans.count : 0, tokens, differing };
  });
}
