/**
 * UTF-8 encoding of `text[start, end)` into `out`, as TextEncoder does it: a lone
 * surrogate becomes U+FFFD (EF BF BD), which is what js-tiktoken and tiktoken tokenize.
 * Returns the byte length; `out` must hold 3 bytes per UTF-16 unit.
 */
export function encodeUtf8Into(text: string, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const low = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18);
        out[n++] = 0x80 | ((c >> 12) & 0x3f);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      } else {
        out[n++] = 0xef;
        out[n++] = 0xbf;
        out[n++] = 0xbd;
      }
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
}

/**
 * For `text[start, end)` encoded as above, fills `charStart[b]` / `charEnd[b]` with the
 * UTF-16 offsets (relative to `start`) of the character that byte b belongs to.
 */
export function mapBytesToCharacters(
  text: string,
  start: number,
  end: number,
  charStart: Int32Array,
  charEnd: Int32Array,
): number {
  let b = 0;
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    let units = 1;
    let bytes: number;
    if (c < 0x80) bytes = 1;
    else if (c < 0x800) bytes = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes = 4;
      units = 2;
    } else bytes = 3;
    const from = i - start;
    for (let k = 0; k < bytes; k++, b++) {
      charStart[b] = from;
      charEnd[b] = from + units;
    }
    i += units;
  }
  return b;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
