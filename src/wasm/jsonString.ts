// AssemblyScript (see ./mergesScan.ts): JSON strings decoded to token bytes, as src/core/hf/jsonScan.ts
// checks them and src/core/hf/vocabularyScan.ts's tokenInto converts them.

/** GPT-2's character → byte table (Int16 × 512, −1 outside the alphabet). */
let charToByte: usize = 0;

export function setCharToByte(at: usize): void {
  charToByte = at;
}

@inline function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

@inline export function skipSpace(file: usize, at: u32): u32 {
  let i = at;
  while (isSpace(load<u8>(file + i))) i++;
  return i;
}

@inline function hexValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>c - 0x30;
  if (c >= 0x61 && c <= 0x66) return <i32>c - 0x57;
  if (c >= 0x41 && c <= 0x46) return <i32>c - 0x37;
  return -1;
}

@inline function hex4(at: usize): i32 {
  const a = hexValue(load<u8>(at));
  const b = hexValue(load<u8>(at + 1));
  const c = hexValue(load<u8>(at + 2));
  const d = hexValue(load<u8>(at + 3));
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

/** What decodeString answers besides the closing quote: the bytes written, where the one space was (−1: none), and whether a character is outside the byte-level alphabet. */
let written: u32 = 0;
let spaceAt: i32 = -1;
let outside: bool = false;

@inline export function decodedLength(): u32 {
  return written;
}

@inline export function spaceIndex(): i32 {
  return spaceAt;
}

@inline export function outsideAlphabet(): bool {
  return outside;
}

/**
 * Decodes the JSON string opened at file[at] into token bytes at out (UTF-8, or GPT-2's byte for
 * each character when `byteLevel`), with `split`: its one U+0020 taken as the line between two
 * halves. The index of the closing quote, 0 when the string is not valid JSON of valid UTF-8, or
 * holds a lone surrogate (UTF-8 cannot hold it) when not byte-level (as scanString and tokenInto
 * decide). A character outside the byte-level alphabet (a lone surrogate among them) sets
 * outsideAlphabet(), and what is written is then no token.
 */
export function decodeString(file: usize, at: u32, out: usize, split: bool, byteLevel: bool): u32 {
  let i = at + 1;
  let k: u32 = 0;
  spaceAt = -1;
  outside = false;
  while (true) {
    const c = <u32>load<u8>(file + i);
    let code: u32;
    let width: u32 = 1;
    if (c == 0x22) {
      written = k;
      return i;
    }
    if (c < 0x80) {
      if (c < 0x20) return 0;
      if (c == 0x5c) {
        const e = <u32>load<u8>(file + i + 1);
        width = 2;
        if (e == 0x22 || e == 0x5c || e == 0x2f) code = e;
        else if (e == 0x62) code = 0x08;
        else if (e == 0x66) code = 0x0c;
        else if (e == 0x6e) code = 0x0a;
        else if (e == 0x72) code = 0x0d;
        else if (e == 0x74) code = 0x09;
        else if (e == 0x75) {
          const unit = hex4(file + i + 2);
          if (unit < 0) return 0;
          width = 6;
          code = <u32>unit;
          if (code >= 0xd800 && code < 0xdc00 && load<u8>(file + i + 6) == 0x5c && load<u8>(file + i + 7) == 0x75) {
            const low = hex4(file + i + 8);
            if (low >= 0xdc00 && low < 0xe000) {
              width = 12;
              code = 0x10000 + ((code - 0xd800) << 10) + (<u32>low - 0xdc00);
            }
          }
          // A lone surrogate: UTF-8 cannot hold it, and it is no byte-level character.
          if (code >= 0xd800 && code < 0xe000) {
            if (!byteLevel) return 0;
            outside = true;
          }
        } else return 0;
      } else code = c;
    } else {
      // A well-formed UTF-8 sequence (no overlongs, no surrogates, nothing above U+10FFFF).
      const b1 = <u32>load<u8>(file + i + 1);
      if (c >= 0xc2 && c <= 0xdf) {
        if (b1 < 0x80 || b1 > 0xbf) return 0;
        width = 2;
        code = ((c & 0x1f) << 6) | (b1 & 0x3f);
      } else if (c >= 0xe0 && c <= 0xef) {
        const b2 = <u32>load<u8>(file + i + 2);
        if (b1 < (c == 0xe0 ? <u32>0xa0 : 0x80) || b1 > (c == 0xed ? <u32>0x9f : 0xbf) || b2 < 0x80 || b2 > 0xbf) return 0;
        width = 3;
        code = ((c & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      } else if (c >= 0xf0 && c <= 0xf4) {
        const b2 = <u32>load<u8>(file + i + 2);
        const b3 = <u32>load<u8>(file + i + 3);
        if (b1 < (c == 0xf0 ? <u32>0x90 : 0x80) || b1 > (c == 0xf4 ? <u32>0x8f : 0xbf) || b2 < 0x80 || b2 > 0xbf || b3 < 0x80 || b3 > 0xbf) return 0;
        width = 4;
        code = ((c & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      } else return 0;
    }
    i += width;
    if (split && code == 0x20) {
      if (spaceAt != -1) return 0;
      spaceAt = <i32>k;
      continue;
    }
    if (byteLevel) {
      const b = code < 512 ? load<i16>(charToByte + (<usize>code << 1)) : <i16>-1;
      if (b < 0) outside = true;
      else store<u8>(out + k++, <u8>b);
    } else if (code < 0x80) store<u8>(out + k++, <u8>code);
    else if (code < 0x800) {
      store<u8>(out + k++, <u8>(0xc0 | (code >> 6)));
      store<u8>(out + k++, <u8>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      store<u8>(out + k++, <u8>(0xe0 | (code >> 12)));
      store<u8>(out + k++, <u8>(0x80 | ((code >> 6) & 0x3f)));
      store<u8>(out + k++, <u8>(0x80 | (code & 0x3f)));
    } else {
      store<u8>(out + k++, <u8>(0xf0 | (code >> 18)));
      store<u8>(out + k++, <u8>(0x80 | ((code >> 12) & 0x3f)));
      store<u8>(out + k++, <u8>(0x80 | ((code >> 6) & 0x3f)));
      store<u8>(out + k++, <u8>(0x80 | (code & 0x3f)));
    }
  }
  return 0;
}

