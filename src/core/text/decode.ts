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
