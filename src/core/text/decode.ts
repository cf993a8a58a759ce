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

/** How much of a file's start binary detection reads, as git and VS Code do. */
export const BINARY_SNIFF_BYTES = 8192;
/** Above this share of bytes in invalid UTF-8 sequences, a file without NUL bytes is still binary. */
export const BINARY_INVALID_UTF8_SHARE = 0.1;

/**
 * Binary, as far as counting tokens goes: a NUL byte in the first 8 KiB (git's and VS Code's
 * rule), or more than a tenth of those bytes in invalid UTF-8 sequences (compressed data and
 * images without NULs; Latin-1 prose stays well below). A sequence cut by the 8 KiB end is not invalid.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  let invalid = 0;
  for (let i = 0; i < end; ) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i, end);
    if (length === -1) break; // cut by the end of what we read: cannot tell
    if (length > 0) i += length;
    else {
      invalid++;
      i++;
    }
  }
  return end > 0 && invalid / end > BINARY_INVALID_UTF8_SHARE;
}

/** Length of the well-formed UTF-8 sequence at bytes[i] (lead byte ≥ 0x80); 0 if invalid, -1 if cut by `end`. */
function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i];
  const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  if (i + length > end) return end < bytes.length ? -1 : 0;
  // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
  const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
  const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
  if (bytes[i + 1] < low || bytes[i + 1] > high) return 0;
  for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return 0;
  return length;
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

  /**
   * EF is never a continuation byte, so every EF BF BD in the input is an encoded U+FFFD. The
   * search jumps from EF to EF (indexOf is native): a cold process reads no other byte here.
   */
  private countEncodedReplacements(bytes: Uint8Array): void {
    // A sequence the previous piece's end cut.
    let i = 0;
    let matched = this.matched;
    while (matched > 0 && i < bytes.length) {
      if (bytes[i] !== (matched === 1 ? 0xbf : 0xbd)) {
        matched = 0;
        break;
      }
      i++;
      if (matched === 2) {
        this.encodedReplacements++;
        matched = 0;
      } else matched = 2;
    }
    this.matched = matched;
    if (matched > 0) return;
    for (i = bytes.indexOf(0xef, i); i !== -1; i = bytes.indexOf(0xef, i + 1)) {
      if (i + 1 === bytes.length) this.matched = 1;
      else if (bytes[i + 1] !== 0xbf) continue;
      else if (i + 2 === bytes.length) this.matched = 2;
      else if (bytes[i + 2] === 0xbd) this.encodedReplacements++;
    }
  }
}
