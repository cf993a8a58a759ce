import type { EncodeOptions, TextTokenizer as Encoder } from './textTokenizer';

/** A token as the hover and panel show it. */
export interface TokenPiece {
  /** Position in the token sequence. */
  readonly index: number;
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

export interface SegmentToken extends TokenPiece {
  readonly bytes: Uint8Array;
  readonly special: boolean;
}

/**
 * Tokens grouped into whole characters: a token holding part of a character's UTF-8 bytes
 * (common for CJK and emoji in older encodings) is grouped with the neighbours that hold
 * the rest. A segment of one token is the usual case.
 */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly tokens: readonly SegmentToken[];
  /** True when some token of the segment holds only part of a character. */
  readonly splitsCharacters: boolean;
}

/** Groups consecutive tokens (in order) whose spans share characters. */
export function characterSegments(encoder: Encoder, tokens: readonly TokenPiece[]): Segment[] {
  const segments: Segment[] = [];
  let group: SegmentToken[] = [];
  const flush = () => {
    if (group.length === 0) return;
    segments.push({
      start: group[0].start,
      end: group[group.length - 1].end,
      tokens: group,
      splitsCharacters: group.length > 1,
    });
    group = [];
  };
  for (const token of tokens) {
    const previous = group[group.length - 1];
    if (previous && token.start >= previous.end) flush();
    group.push({ ...token, bytes: encoder.tokenBytes(token.id), special: encoder.isSpecial(token.id) });
  }
  flush();
  return segments;
}

/** "e4 bd a0" */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Whether the bytes are whole, valid UTF-8 characters. */
export function isWholeUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A token as a tool lists it: its text, or (holding part of a character) its bytes in hex. */
export interface TokenText {
  readonly id: number;
  readonly text?: string;
  readonly bytes?: string;
}

/** The tokens of `text` with their ids and texts; special tokens by their text (`<|endoftext|>`). */
export function tokenTexts(encoder: Encoder, text: string, options?: EncodeOptions): TokenText[] {
  return encoder.encode(text, options).map((id) => {
    const special = encoder.isSpecial(id) ? encoder.specialTokenText(id) : undefined;
    if (special !== undefined) return { id, text: special };
    const bytes = encoder.tokenBytes(id);
    return isWholeUtf8(bytes) ? { id, text: new TextDecoder().decode(bytes) } : { id, bytes: hexBytes(bytes) };
  });
}
