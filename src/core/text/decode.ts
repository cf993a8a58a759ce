/** Turning bytes from files and stdin into text, and saying what was wrong with them. */

export interface DecodedText {
  readonly text: string;
  /** Invalid UTF-8 sequences that became U+FFFD. */
  readonly invalidSequences: number;
}

/** Decodes UTF-8 (a leading BOM is dropped); each invalid sequence becomes U+FFFD and is counted. */
export function decodeUtf8Lenient(bytes: Uint8Array): DecodedText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), invalidSequences: 0 };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    // Every U+FFFD in the output that was not an encoded U+FFFD (EF BF BD) in the input is a replacement.
    let replacements = 0;
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) replacements++;
    let encoded = 0;
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) encoded++;
    }
    return { text, invalidSequences: replacements - encoded };
  }
}

/** Heuristic used by git and VS Code: a NUL byte in the first 8 KiB means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * decodeUtf8Lenient for bytes that arrive in pieces: a character cut between two pieces decodes
 * whole, and `invalidSequences` counts exactly what one decode of all the bytes would.
 */
export class Utf8StreamDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private replacements = 0;
  private encodedReplacements = 0;
  /** How far into an encoded U+FFFD (EF BF BD) the last bytes were: 0, 1 or 2. */
  private matched = 0;

  /** Invalid sequences so far (all of them once `end` has been called). */
  get invalidSequences(): number {
    return this.replacements - this.encodedReplacements;
  }

  /** The text of `bytes`, less any character cut at their end (it comes with the next piece). */
  decode(bytes: Uint8Array): string {
    this.countEncodedReplacements(bytes);
    return this.counted(this.decoder.decode(bytes, { stream: true }));
  }

  /** The rest: a sequence cut at the very end of the input becomes U+FFFD. */
  end(): string {
    return this.counted(this.decoder.decode());
  }

  private counted(text: string): string {
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) this.replacements++;
    return text;
  }

  /** EF is never a continuation byte, so every EF BF BD in the input is an encoded U+FFFD. */
  private countEncodedReplacements(bytes: Uint8Array): void {
    let matched = this.matched;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === 0xef) matched = 1;
      else if (matched === 1 && byte === 0xbf) matched = 2;
      else if (matched === 2 && byte === 0xbd) {
        this.encodedReplacements++;
        matched = 0;
      } else matched = 0;
    }
    this.matched = matched;
  }
}
