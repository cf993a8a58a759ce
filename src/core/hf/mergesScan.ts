/**
 * model.merges read straight from a `tokenizer.json`'s bytes (see ./vocabularyScan.ts): each
 * item's halves are converted to token bytes and looked up in the vocabulary's hash table.
 * Undefined when any item is not plainly two tokens whose join is a token (JSON.parse's path
 * then decides and words the error).
 */
import { RankTable } from '../tokenizer/rankTable';
import { type FileWindow, itemAt } from './fileWindow';
import { lastString, scanString, skipSpace } from './jsonScan';
import { MAX_MERGES } from './vocabulary';
import { type ScannedVocabulary, decodeString, textInto, tokenInto } from './vocabularyScan';

/** model.merges at `window.view[at]` as [left, right, result] ids by rank, and the index after the array (in the view once read). */
export function scanMerges(window: FileWindow, at: number, byteLevel: boolean, vocabulary: ScannedVocabulary): { merges: Int32Array; end: number } | undefined {
  let file = window.view;
  if (file[at] !== 0x5b) return undefined;
  const { offsets, bytes, tokenCount } = vocabulary;
  const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, vocabulary.rankSlots);
  // Rows straight into their final array, sized for the rest of the file (a merge takes more than 8 bytes to write; unwritten pages cost nothing).
  let merges = new Int32Array(3 * Math.max(1024, (window.size - window.base - at) >> 3));
  let count = 0;
  let previousResult = -1;
  let scratch = new Uint8Array(1024);
  let i = skipSpace(file, at + 1);
  // Both halves' bytes go to scratch one after the other, so the join is scratch[0, left + right).
  const room = (rawLength: number) => {
    if (scratch.length < rawLength * 3) scratch = new Uint8Array(rawLength * 3);
  };
  const add = (left: number, right: number): boolean => {
    if (left <= 0 || right <= 0 || count >= MAX_MERGES) return false;
    const leftId = table.lookup(scratch, 0, left);
    const rightId = table.lookup(scratch, left, left + right);
    if (leftId < 0 || rightId < 0) return false;
    // Results come in id order, each from one or more splits: try the last result and the next id (their bytes are at hand) before hashing.
    const length = left + right;
    const resultId = spells(previousResult, length) ? previousResult : spells(previousResult + 1, length) ? previousResult + 1 : table.lookup(scratch, 0, length);
    if (resultId < 0) return false;
    if (3 * count + 3 > merges.length) {
      const grown = new Int32Array(merges.length * 2);
      grown.set(merges);
      merges = grown;
    }
    merges[3 * count] = leftId;
    merges[3 * count + 1] = rightId;
    merges[3 * count + 2] = resultId;
    count++;
    previousResult = resultId;
    return true;
  };
  /** Whether token `id` is scratch[0, length). */
  const spells = (id: number, length: number): boolean => {
    if (id < 0 || id >= tokenCount) return false;
    const start = offsets[id];
    if (offsets[id + 1] - start !== length) return false;
    for (let k = 0; k < length; k++) if (bytes[start + k] !== scratch[k]) return false;
    return true;
  };
  const pair = (leftStart: number, leftEnd: number, leftEscaped: boolean, rightStart: number, rightEnd: number, rightEscaped: boolean): boolean => {
    room(rightEnd - leftStart);
    const left = leftEnd > leftStart ? tokenInto(file, leftStart, leftEnd, leftEscaped, byteLevel, scratch, 0) : -1;
    return left > 0 && rightEnd > rightStart && add(left, tokenInto(file, rightStart, rightEnd, rightEscaped, byteLevel, scratch, left));
  };
  const spelledPair = (open: number, close: number): boolean => {
    room(close - open);
    const halves = decodeString(file, open + 1, close).split(' ');
    if (halves.length !== 2 || halves[0] === '' || halves[1] === '') return false;
    const left = textInto(halves[0], byteLevel, scratch, 0);
    return left > 0 && add(left, textInto(halves[1], byteLevel, scratch, left));
  };
  if (file[i] !== 0x5d) {
    for (;;) {
      i = itemAt(window, i);
      file = window.view;
      if (file[i] === 0x22) {
        const close = scanString(file, i);
        if (close < 0) return undefined;
        if (lastString.escaped) {
          if (!spelledPair(i, close)) return undefined;
        } else {
          let space = -1;
          for (let k = i + 1; k < close; k++) {
            if (file[k] !== 0x20) continue;
            if (space >= 0) return undefined;
            space = k;
          }
          if (space < 0 || !pair(i + 1, space, false, space + 1, close, false)) return undefined;
        }
        i = skipSpace(file, close + 1);
      } else if (file[i] === 0x5b) {
        const leftOpen = skipSpace(file, i + 1);
        if (file[leftOpen] !== 0x22) return undefined;
        const leftClose = scanString(file, leftOpen);
        const leftEscaped = lastString.escaped;
        const comma = leftClose < 0 ? -1 : skipSpace(file, leftClose + 1);
        if (comma < 0 || file[comma] !== 0x2c) return undefined;
        const rightOpen = skipSpace(file, comma + 1);
        if (file[rightOpen] !== 0x22) return undefined;
        const rightClose = scanString(file, rightOpen);
        if (rightClose < 0 || !pair(leftOpen + 1, leftClose, leftEscaped, rightOpen + 1, rightClose, lastString.escaped)) return undefined;
        i = skipSpace(file, rightClose + 1);
        if (file[i] !== 0x5d) return undefined;
        i = skipSpace(file, i + 1);
      } else return undefined;
      if (file[i] === 0x5d) break;
      if (file[i] !== 0x2c) return undefined;
      i = skipSpace(file, i + 1);
    }
  }
  return { merges: merges.subarray(0, 3 * count), end: itemAt(window, i + 1) };
}
