/**
 * Reading a `tokenizer.json` (and optionally `tokenizer_config.json`) into HfTokenizerData.
 *
 * Most of the file is model.vocab and model.merges (Gemma 3's is 33 MB): they are read straight
 * from the bytes (./vocabularyScan.ts) and JSON.parse reads only the rest, with those two values
 * emptied. A file that path is not sure of is read whole by JSON.parse, as before, which decides
 * and words every error.
 */
import type { HfTokenizerData } from './hfTokenizer';
import { type FileReader, FileWindow } from './fileWindow';
import { checkedValueEnd, objectMembers, skipSpace, skipWhole } from './jsonScan';
import { Field, TokenizerFileError } from './json';
import { type AddedTokenSpec, type PipelineSpec, readPipeline } from './spec';
import { type AddedTokenList, addedTokenList, addedTokenSpecs } from './addedTokens';
import { scanAddedTokens } from './addedTokensScan';
import { readVocabulary } from './vocabulary';
import { type ScannedMerges, joinScannedMerges, scanMerges } from './mergesScan';
import { findWordBreak } from './wordBreak';
import { CrowdedHashTableError, RankTable } from '../tokenizer/rankTable';
import { Spare } from '../tokenizer/spare';
import { type ScannedVocabulary, scanVocabulary, withAddedIds } from './vocabularyScan';
import { LoadArena } from './loadArena';

/** `tokenizer.json` files above this size are refused before parsing (Gemma 3's is 33 MB). */
export const MAX_TOKENIZER_FILE_BYTES = 64 * 1024 * 1024;

/** Parses and validates `tokenizer.json` (and optionally `tokenizer_config.json`); throws TokenizerFileError. */
export function readTokenizerData(file: Uint8Array, source: string, config?: Uint8Array): HfTokenizerData {
  checkSize(file.length, source);
  const configField = lazyConfig(config, source);
  return scanTokenizerData(file, source, configField) ?? parseTokenizerData(file, source, configField);
}

function checkSize(size: number, source: string): void {
  if (size > MAX_TOKENIZER_FILE_BYTES) {
    throw new TokenizerFileError(`${source}: expected at most ${MAX_TOKENIZER_FILE_BYTES / 1024 / 1024} MB, found ${(size / 1024 / 1024).toFixed(1)} MB`);
  }
}

/** A `tokenizer_config.json` parsed, or how to parse it when first needed. */
export type TokenizerConfig = Field | (() => Field) | undefined;

/**
 * tokenizer_config.json, read when first needed: after the scan of tokenizer.json, whose scanners
 * its checks share, warm by then (run first, they took longer than JSON.parse).
 */
function lazyConfig(config: Uint8Array | undefined, source: string): TokenizerConfig {
  if (!config) return undefined;
  let field: Field | undefined;
  return () => (field ??= readConfig(config, source));
}

function configOf(config: TokenizerConfig): Field | undefined {
  return typeof config === 'function' ? config() : config;
}

function readConfig(config: Uint8Array, source: string): Field {
  const name = `${source} (tokenizer_config.json)`;
  return new Field(parseConfig(config) ?? parseJson(config, name), '(config)', name);
}

/**
 * tokenizer_config.json with its added_tokens_decoder emptied: thousands of entries (Gemma 3's
 * file is 1.1 MB of them) that nothing reads are checked as JSON, not made into objects.
 * Undefined when the file is not plainly well formed (JSON.parse then reads it whole, and words the error).
 */
function parseConfig(config: Uint8Array): unknown {
  const view = new Uint8Array(config.buffer, config.byteOffset, config.byteLength);
  const members = objectMembers(FileWindow.whole(view), skipSpace(view, 0), ['added_tokens_decoder'], (_, start) => checkedValueEnd(view, start));
  const span = members?.spans.get('added_tokens_decoder');
  if (!span) return undefined;
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    return JSON.parse(`${decoder.decode(view.subarray(0, span[0]))}{}${decoder.decode(view.subarray(span[1]))}`);
  } catch {
    return undefined;
  }
}

/** The whole file through JSON.parse: the reference reading, and the one that words errors. */
export function parseTokenizerData(file: Uint8Array, source: string, configSource: TokenizerConfig): HfTokenizerData {
  const config = configOf(configSource);
  const root = new Field(parseJson(file, source), '(root)', source);
  const pipeline = readPipeline(root, config);
  const vocabulary = readVocabulary(root.get('model'), pipeline.model.byteLevel, addedIds(pipeline));
  return { name: source, settings: settingsOf(root, config), pipeline, vocabulary, addedTokens: addedTokenList(pipeline.addedTokens) };
}

/**
 * readTokenizerData for a file of `size` bytes read piece by piece by `read`: the fast path reads it
 * through a window sliding over it, without holding it whole; a file that path is not sure of is read
 * whole, as readTokenizerData reads it.
 */
export function readTokenizerFile(read: FileReader, size: number, source: string, config?: Uint8Array): HfTokenizerData {
  checkSize(size, source);
  const configField = lazyConfig(config, source);
  // The window in the arena the scanners read it from (see LoadArena).
  const arena = LoadArena.tryForFile(size);
  const scanned = scanTokenizerData(FileWindow.stream(read, size, undefined, undefined, arena && ((bytes) => arena.uint8(bytes))), source, configField, arena);
  if (scanned) return scanned;
  const file = new Uint8Array(size);
  let filled = 0;
  for (let count = 1; filled < size && count > 0; filled += count) count = read(file.subarray(filled), filled);
  const whole = file.subarray(0, filled);
  return scanTokenizerData(whole, source, configField) ?? parseTokenizerData(whole, source, configField);
}

/** The fast path: undefined whenever the file is anything but plainly well formed (parseTokenizerData then decides). */
export function scanTokenizerData(input: Uint8Array | FileWindow, source: string, config: TokenizerConfig, arena?: LoadArena): HfTokenizerData | undefined {
  try {
    return scanWellFormed(input, source, config, arena ?? LoadArena.tryForFile(input instanceof FileWindow ? input.size : input.length));
  } catch (error) {
    throw crowdedVocabulary(error, source);
  }
}

/** A vocabulary that crowds the token hash table is refused here: the JSON.parse path would only build the same table. */
export function crowdedVocabulary(error: unknown, source: string): unknown {
  return error instanceof CrowdedHashTableError ? new TokenizerFileError(`${source}: model.vocab: ${error.message}`) : error;
}

function scanWellFormed(input: Uint8Array | FileWindow, source: string, configSource: TokenizerConfig, arena: LoadArena | undefined): HfTokenizerData | undefined {
  // A plain view: a Node Buffer's own subarray and indexOf cost a JavaScript wrapper per call.
  const window = input instanceof FileWindow ? input : FileWindow.whole(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  // One pass: vocab and merges are read while model's members are found, and those while the root's are; the rest
  // of the file goes to JSON.parse, with those two values emptied. How to read tokens depends on the pre-tokenizer,
  // which that reads: guess it from the text before the vocab, and read again if wrong.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let restFrom = 0;
  let guess = false;
  let vocabulary: ScannedVocabulary | undefined;
  let merges: ScannedMerges | undefined;
  let addedTokens: AddedTokenList | undefined;
  // Memory each phase is done with, for the next (see Spare).
  const spare = new Spare();
  const readMember = (_: FileWindow, start: number, key: string): number => {
    rest += `${decoder.decode(window.view.subarray(restFrom, start))}${key === 'vocab' ? '{}' : '[]'}`;
    let end: number;
    if (key === 'added_tokens') {
      const scanned = scanAddedTokens(window, start);
      addedTokens = scanned?.list;
      // Not plain: JSON.parse reads it with the rest (from a file held whole; a window that slid gives up).
      if (scanned) end = scanned.end;
      else if (window.whole) {
        rest = rest.slice(0, -2);
        restFrom = start;
        return skipWhole(window, start);
      } else end = -1;
    } else if (key === 'vocab') {
      guess = rest.includes('"ByteLevel"');
      vocabulary = scanVocabulary(window, start, guess, arena);
      end = vocabulary?.end ?? -1;
    } else {
      const base = window.base;
      const scanned = vocabulary && scanMerges(window, start, guess, vocabulary, arena);
      merges = scanned?.merges;
      // Merges before vocab, or not sure of them: skipped, and read again below (from a file held whole: a window that slid gives up).
      end = scanned?.end ?? (window.base === base ? skipWhole(window, start) : -1);
    }
    restFrom = end;
    return end;
  };
  let members: ReturnType<typeof objectMembers>;
  let root: Field;
  let pipeline: PipelineSpec;
  try {
    const walked = objectMembers(window, skipSpace(window.view, 0), ['added_tokens', 'model'], (_, start, key) =>
      key === 'model' ? ((members = objectMembers(window, start, ['vocab', 'merges'], readMember))?.end ?? -1) : readMember(window, start, key),
    );
    if (!walked?.spans.has('model') || !vocabulary) return undefined;
    rest += decoder.decode(window.view.subarray(restFrom, walked.end));
    const tail = walked.end - window.ensure(walked.end, Infinity);
    root = new Field(JSON.parse(rest + decoder.decode(window.view.subarray(tail))), '(root)', source);
  } catch (error) {
    if (error instanceof CrowdedHashTableError) throw error;
    return undefined;
  }
  const config = configOf(configSource);
  try {
    pipeline = readPipeline(root, config);
  } catch {
    return undefined;
  }
  const vocab = members?.spans.get('vocab');
  const mergesSpan = members?.spans.get('merges');
  const { byteLevel } = pipeline.model;
  if (byteLevel !== guess || (mergesSpan && !merges)) {
    // Read again from a file held whole (spans are file positions, view indices there).
    if (!window.whole || !vocab) return undefined;
    try {
      // A fresh arena: the first pass filled part of the other one.
      const again = LoadArena.forFile(window.size);
      if (byteLevel !== guess) {
        vocabulary = scanVocabulary(window, vocab[0], byteLevel, again);
        if (vocabulary?.end !== vocab[1]) return undefined;
      }
      if (mergesSpan) {
        const scanned = scanMerges(window, mergesSpan[0], byteLevel, vocabulary, again);
        if (scanned?.end !== mergesSpan[1]) return undefined;
        merges = scanned.merges;
      }
    } catch (error) {
      // As in the first pass: anything but a crowded table (an arena too small among them) leaves the file to JSON.parse.
      if (error instanceof CrowdedHashTableError) throw error;
      return undefined;
    }
  }
  if (addedTokens) {
    // The tokenizer reads the flat lists; the list of objects is made only if someone asks for it.
    const list = addedTokens;
    let specs: AddedTokenSpec[] | undefined;
    Object.defineProperty(pipeline, 'addedTokens', { get: () => (specs ??= addedTokenSpecs(list)), enumerable: true });
  }
  const data = withAddedIds(vocabulary, new Int32Array(0), addedTokens?.ids ?? addedIds(pipeline));
  if (!data?.rankSlots) return undefined;
  // The merges go straight to the joined form the cache keeps (./joinSplits.ts), with the word break found over them.
  const { tokenCount, offsets, bytes } = data;
  const rankSlots = data.rankSlots;
  const none: ScannedMerges = { results: new Int32Array(0), splits: new Uint8Array(0), ascending: true, longSplits: new Map(), scattered: undefined };
  const joined = joinScannedMerges(merges ?? none, tokenCount, offsets, bytes, rankSlots, spare);
  const table = new RankTable({ name: '', pattern: '', specialTokens: {}, tokenCount, offsets, bytes }, rankSlots);
  const wordBreak = findWordBreak(pipeline, data, joined, (text) => {
    const spelled = new TextEncoder().encode(text);
    return table.lookup(spelled, 0, spelled.length);
  });
  return { name: source, settings: settingsOf(root, config), pipeline, vocabulary: data, tables: { rankSlots, merges: joined, wordBreak }, addedTokens: addedTokens ?? addedTokenList(pipeline.addedTokens) };
}

function addedIds(pipeline: PipelineSpec): number[] {
  return pipeline.addedTokens.map((token) => token.id);
}

function settingsOf(root: Field, config: Field | undefined): HfTokenizerData['settings'] {
  const { added_tokens: added, ...file } = root.object();
  const { vocab, merges, ...model } = root.get('model').object();
  void added;
  void vocab;
  void merges;
  const keys = ['bos_token', 'eos_token', 'add_bos_token', 'add_eos_token', 'chat_template'];
  const configObject = config ? config.object() : undefined;
  return {
    root: { ...file, model },
    config: configObject ? Object.fromEntries(keys.filter((key) => Object.hasOwn(configObject, key)).map((key) => [key, configObject[key]])) : undefined,
  };
}

function parseJson(file: Uint8Array, source: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file));
  } catch (error) {
    throw new TokenizerFileError(`${source}: expected JSON, found ${(error as Error).message.split('\n')[0]}`);
  }
}
