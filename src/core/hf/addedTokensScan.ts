/**
 * A `tokenizer.json`'s added_tokens read straight from its bytes into the flat lists the tokenizer
 * keeps (AddedTokenList), as the binary cache gives them: Gemma 3 lists 6,415, and decoding,
 * parsing and checking them as objects was a sixth of a first load. Exact or nothing: an entry
 * that is not plainly what spec.ts's readAddedToken accepts (seven fields, each once, any order)
 * answers undefined, and the caller reads the array with JSON.parse, which decides and words the error.
 */
import { type AddedTokenList, LSTRIP, MAX_ADDED_TOKENS, MAX_ADDED_TOKEN_ID, MAX_ADDED_TOKEN_UNITS, NORMALIZED, RSTRIP, SPECIAL, addedTokensOf } from './addedTokens';
import { type FileWindow, itemAt } from './fileWindow';
import { lastString, scanId, scanString, skipSpace } from './jsonScan';
import { decodeString } from './vocabularyScan';

const encode = (text: string) => new TextEncoder().encode(text);
/** The fields as bytes, and the flag each boolean sets (0: the field must be false). */
const FIELDS: readonly { readonly key: Uint8Array; readonly flag: number }[] = [
  { key: encode('id'), flag: 0 },
  { key: encode('content'), flag: 0 },
  { key: encode('single_word'), flag: 0 },
  { key: encode('lstrip'), flag: LSTRIP },
  { key: encode('rstrip'), flag: RSTRIP },
  { key: encode('normalized'), flag: NORMALIZED },
  { key: encode('special'), flag: SPECIAL },
];
const ID = 0;
const CONTENT = 1;
const ALL_FIELDS = (1 << FIELDS.length) - 1;
const TRUE = encode('true');
const FALSE = encode('false');
const utf8 = new TextDecoder('utf-8');

/**
 * The added_tokens array at `window.view[at]` and the index after it (in the view once read: the
 * window slides between entries); undefined when any entry is not plain.
 */
export function scanAddedTokens(window: FileWindow, at: number): { list: AddedTokenList; end: number } | undefined {
  let file = window.view;
  if (file[at] !== 0x5b) return undefined;
  const ids: number[] = [];
  const flags: number[] = [];
  const contents: string[] = [];
  const number = { at: 0 };
  let i = skipSpace(file, at + 1);
  if (file[i] === 0x5d) return { list: addedTokensOf(new Int32Array(0), new Uint8Array(0), contents), end: itemAt(window, i + 1) };
  for (;;) {
    i = itemAt(window, i);
    file = window.view;
    if (file[i] !== 0x7b || ids.length === MAX_ADDED_TOKENS) return undefined;
    let seen = 0;
    let id = -1;
    let flag = 0;
    let content = '';
    i = skipSpace(file, i + 1);
    for (;;) {
      // Each field is an item: the window may slide within an entry.
      i = itemAt(window, i);
      file = window.view;
      if (file[i] !== 0x22) return undefined;
      const close = scanString(file, i);
      if (close < 0 || lastString.escaped) return undefined;
      const field = fieldAt(file, i + 1, close);
      if (field < 0 || (seen >> field) & 1) return undefined;
      seen |= 1 << field;
      i = skipSpace(file, close + 1);
      if (file[i] !== 0x3a) return undefined;
      i = skipSpace(file, i + 1);
      if (field === ID) {
        id = scanId(file, i, number);
        if (id < 0 || id > MAX_ADDED_TOKEN_ID) return undefined;
        i = number.at;
      } else if (field === CONTENT) {
        const end = scanString(file, i);
        if (file[i] !== 0x22 || end < 0 || end === i + 1) return undefined;
        content = lastString.escaped ? decodeString(file, i + 1, end) : textOf(file, i + 1, end);
        if (content.length > MAX_ADDED_TOKEN_UNITS) return undefined;
        i = end + 1;
      } else if (holds(file, i, TRUE) && FIELDS[field].flag !== 0) {
        flag |= FIELDS[field].flag;
        i += TRUE.length;
      } else if (holds(file, i, FALSE)) i += FALSE.length;
      else return undefined;
      i = skipSpace(file, i);
      if (file[i] === 0x7d) break;
      if (file[i] !== 0x2c) return undefined;
      i = skipSpace(file, i + 1);
    }
    if (seen !== ALL_FIELDS) return undefined;
    ids.push(id);
    flags.push(flag);
    contents.push(content);
    i = skipSpace(file, i + 1);
    if (file[i] === 0x5d) return { list: addedTokensOf(Int32Array.from(ids), Uint8Array.from(flags), contents), end: itemAt(window, i + 1) };
    if (file[i] !== 0x2c) return undefined;
    i = skipSpace(file, i + 1);
  }
}

/** Which of FIELDS file[start, end) spells, -1 when none. */
function fieldAt(file: Uint8Array, start: number, end: number): number {
  for (let field = 0; field < FIELDS.length; field++) {
    const { key } = FIELDS[field];
    if (key.length === end - start && holds(file, start, key)) return field;
  }
  return -1;
}

function holds(file: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let k = 0; k < word.length; k++) if (file[at + k] !== word[k]) return false;
  return true;
}

/** The text of file[start, end), checked UTF-8 without escapes. */
function textOf(file: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let k = start; k < end && ascii; k++) ascii = file[k] < 0x80;
  return ascii && end - start <= 64 ? String.fromCharCode.apply(null, file.subarray(start, end) as unknown as number[]) : utf8.decode(file.subarray(start, end));
}
