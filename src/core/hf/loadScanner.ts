/// <reference path="../wasmModules.d.ts" />
/**
 * The scanners of src/wasm/ (compiled to WebAssembly by esbuild.js) that read model.vocab and
 * model.merges on a first load: one instance over each load's arena, whose memory it imports.
 * Pointers and lengths are in bytes of that memory; booleans are 0 or 1.
 */
import loadWasm from '../../wasm/load.wasm';
import type { LoadArena } from './loadArena';
import { CHAR_TO_BYTE } from './vocabulary';

export interface LoadScanner {
  countShortTokens(offsets: number, tokenCount: number): number;
  isShortTokenAt(at: number, length: number): number;
  setup(offsets: number, bytes: number, tokenCount: number, slots: number, slotCount: number, shortSlots: number, shortBits: number, scratch: number): void;
  begin(results: number, splits: number, runs: number, longs: number, longRoom: number, maxMerges: number, seen: number, byteLevel: number): void;
  scan(file: number, at: number, limit: number): number;
  closingBracket(): number;
  halvesAreTokens(): number;
  mergeCount(): number;
  isAscending(): number;
  isScattered(): number;
  longSplitCount(): number;
  beginVocabulary(bytes: number, offsets: number, later: number, laterRoom: number, maxEntries: number, byteLevel: number): void;
  moveLater(later: number, laterRoom: number): void;
  scanVocabulary(file: number, at: number, limit: number): number;
  vocabularyEnd(): number;
  resumeIndex(): number;
  reportedOpen(): number;
  reportedClose(): number;
  reportedId(): number;
  vocabularyTokenCount(): number;
  orderedCount(): number;
  laterEntries(): number;
  tokenBytes(): number;
  buildUniqueSlots(offsets: number, bytes: number, tokenCount: number, slots: number, slotCount: number, hashes: number, maxRun: number, maxClashes: number): number;
  clashingLength(): number;
  longestRunOf(slots: number, slotCount: number): number;
}

let compiled: WebAssembly.Module | undefined;
const scanners = new WeakMap<LoadArena, LoadScanner>();

/** The scanners over `arena`'s memory (compiled once a process), with GPT-2's character → byte table in it. */
export function loadScanner(arena: LoadArena): LoadScanner {
  let scanner = scanners.get(arena);
  if (!scanner) {
    compiled ??= new WebAssembly.Module(loadWasm);
    const exports = new WebAssembly.Instance(compiled, { env: { memory: arena.memory } }).exports;
    const charToByte = arena.uint8(2 * CHAR_TO_BYTE.length);
    new Int16Array(arena.memory.buffer, charToByte.byteOffset, CHAR_TO_BYTE.length).set(CHAR_TO_BYTE);
    (exports.setCharToByte as (at: number) => void)(charToByte.byteOffset);
    scanner = exports as unknown as LoadScanner;
    scanners.set(arena, scanner);
  }
  return scanner;
}
