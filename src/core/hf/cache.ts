/**
 * A compact binary form of a compiled `tokenizer.json`, written after the first load so the
 * next one skips JSON entirely: bytes in, bytes out (where it is stored is the host's business).
 *
 * It holds only what encoding reads, in the form it reads it, so loading is typed-array views
 * over the file. Layout (little-endian), like the rank files (../tokenizer/rankFile.ts):
 *   u64 headerLength | header JSON (space-padded to an 8-byte boundary)
 *   | f64 merge keys[mergeCount] | u32 offsets[tokenCount + 1] | i32 token hash slots
 *   | i32 merge rows[tokenCount + 1] | i32 merge results[mergeCount] | token bytes
 * (every size follows from the two counts). The header holds the file's own settings
 * (re-validated on load), so a cache can never run anything its `tokenizer.json` would not.
 *
 * Load checks are cheap on purpose (a load must stay far below a JSON parse): sizes, the header,
 * a free hash slot (so lookups end) and every merge result inside the vocabulary. Other damage
 * cannot loop or name an id outside the vocabulary: a slot naming no token only misses, a
 * merge row out of order only misses (see RankTable.lookup and MergeTable.find).
 */
import { RankTable } from '../tokenizer/rankTable';
import type { HfTokenizer, HfTokenizerData } from './hfTokenizer';
import { Field, TokenizerFileError } from './json';
import { readPipeline } from './spec';
import type { WordBreak } from './wordBreak';

export const HF_CACHE_FORMAT = 'token-lens-hf';
/** v3: merge results by rank instead of [left, right, result] triples; the word break in the header. */
export const HF_CACHE_VERSION = 3;

interface CacheHeader {
  format: string;
  version: number;
  name: string;
  settings: HfTokenizerData['settings'];
  token_count: number;
  merge_count: number;
  unproducible: [number, string][];
  /** SentencePiece-style files: the space marker and the code points a cut before it must not follow. */
  word_break: [number, number[]] | null;
}

interface Section {
  /** Byte offset in the file. */
  readonly start: number;
  /** Number of elements. */
  readonly length: number;
}

/** Where each table lies in a cache with this header (the one truth of the layout). */
function layout(headerLength: number, tokenCount: number, mergeCount: number) {
  const mergeKeys = { start: 8 + headerLength, length: mergeCount };
  const offsets = { start: mergeKeys.start + 8 * mergeCount, length: tokenCount + 1 };
  const rankSlots = { start: offsets.start + 4 * offsets.length, length: RankTable.slotCount(tokenCount) };
  const mergeRows = { start: rankSlots.start + 4 * rankSlots.length, length: tokenCount + 1 };
  const mergeResults = { start: mergeRows.start + 4 * mergeRows.length, length: mergeCount };
  return { mergeKeys, offsets, rankSlots, mergeRows, mergeResults, bytesAt: mergeResults.start + 4 * mergeCount };
}

/** The sections of a cache file, from its header (for tests that damage one table). */
export function cacheSections(file: Uint8Array): ReturnType<typeof layout> {
  const headerLength = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as CacheHeader;
  return layout(headerLength, header.token_count, header.merge_count);
}

export function serializeTokenizerCache(tokenizer: HfTokenizer): Uint8Array {
  const { data, tables } = tokenizer;
  const { wordBreak } = tables;
  const { vocabulary } = data;
  const mergeCount = tables.mergeResults.length;
  const header: CacheHeader = {
    format: HF_CACHE_FORMAT,
    version: HF_CACHE_VERSION,
    name: data.name,
    settings: data.settings,
    token_count: vocabulary.tokenCount,
    merge_count: mergeCount,
    unproducible: [...vocabulary.unproducible],
    word_break: wordBreak ? [wordBreak.marker, [...wordBreak.unsafeBefore]] : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const sections = layout(headerLength, vocabulary.tokenCount, mergeCount);
  const out = new Uint8Array(sections.bytesAt + vocabulary.bytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  tables.mergeKeys.forEach((value, i) => view.setFloat64(sections.mergeKeys.start + 8 * i, value, true));
  vocabulary.offsets.forEach((value, i) => view.setUint32(sections.offsets.start + 4 * i, value, true));
  for (const [name, values] of [['rankSlots', tables.rankSlots], ['mergeRows', tables.mergeRows], ['mergeResults', tables.mergeResults]] as const) {
    values.forEach((value, i) => view.setInt32(sections[name].start + 4 * i, value, true));
  }
  out.set(vocabulary.bytes, sections.bytesAt);
  return out;
}

/** Reads a cache written by serializeTokenizerCache; throws TokenizerFileError when it is damaged or stale. */
export function parseTokenizerCache(file: Uint8Array, source: string): HfTokenizerData {
  const fail = (problem: string): never => {
    throw new TokenizerFileError(`${source}: ${problem}`);
  };
  if (file.length < 8) fail(`expected a ${HF_CACHE_FORMAT} file, found ${file.length} bytes`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > file.length - 8) fail(`header length ${headerLength} exceeds the file size ${file.length}`);
  let header: CacheHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, 8 + headerLength)));
  } catch (error) {
    return fail(`header is not valid JSON (${(error as Error).message})`);
  }
  if (header?.format !== HF_CACHE_FORMAT || header.version !== HF_CACHE_VERSION) {
    fail(`expected format ${HF_CACHE_FORMAT} v${HF_CACHE_VERSION}, found ${header?.format} v${header?.version}`);
  }
  const tokenCount = header.token_count;
  const mergeCount = header.merge_count;
  if (!Number.isSafeInteger(tokenCount) || tokenCount < 0 || tokenCount > 1 << 24 || !Number.isSafeInteger(mergeCount) || mergeCount < 0 || mergeCount > 1 << 24) {
    fail('token_count and merge_count must be counts up to 2^24');
  }
  const sections = layout(headerLength, tokenCount, mergeCount);
  if (headerLength % 8 !== 0 || sections.bytesAt > file.length) fail(`tables for ${tokenCount} tokens and ${mergeCount} merges do not fit in ${file.length} bytes`);
  const mergeKeys = readFloats(file, sections.mergeKeys);
  const offsets = readInts(file, sections.offsets, Uint32Array);
  const rankSlots = readInts(file, sections.rankSlots, Int32Array);
  const mergeRows = readInts(file, sections.mergeRows, Int32Array);
  const mergeResults = readInts(file, sections.mergeResults, Int32Array);
  const bytes = file.subarray(sections.bytesAt);
  if (offsets[0] !== 0 || offsets[tokenCount] !== bytes.length) fail(`offsets cover ${offsets[tokenCount]} bytes but the body holds ${bytes.length}`);
  if (!rankSlots.includes(-1)) fail('the token hash table has no free slot');
  // Indexed and flat: this runs once per load, cold (see RankTable.checkSlots).
  for (let rank = 0; rank < mergeCount; rank++) {
    const id = mergeResults[rank];
    if (!(id >= 0 && id < tokenCount)) fail(`merge ${rank} gives id ${id}, outside the vocabulary of ${tokenCount}`);
  }
  const settings = header.settings;
  const root = new Field(settings?.root, '(root)', source);
  const config = settings?.config === undefined ? undefined : new Field(settings.config, '(config)', source);
  const pipeline = readPipeline(root, config);
  if (!Array.isArray(header.unproducible)) fail('unproducible must be a list');
  const unproducible = new Map<number, string>();
  for (const entry of header.unproducible) {
    if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== 'string') fail('unproducible holds [id, text] pairs');
    unproducible.set(entry[0], entry[1]);
  }
  for (const token of pipeline.addedTokens) if (token.id >= tokenCount) fail(`added token ${token.id} is outside the vocabulary`);
  const vocabulary = { tokenCount, offsets, bytes, unproducible, merges: new Int32Array(0) };
  const tables = { rankSlots, mergeRows, mergeKeys, mergeResults, wordBreak: readWordBreak(header.word_break, fail) };
  return { name: typeof header.name === 'string' ? header.name : source, settings, pipeline, vocabulary, tables };
}

function readWordBreak(value: unknown, fail: (problem: string) => never): WordBreak | undefined {
  if (value === null) return undefined;
  const isCodePoint = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 0x10ffff;
  if (!Array.isArray(value) || value.length !== 2 || !isCodePoint(value[0]) || !Array.isArray(value[1]) || !value[1].every(isCodePoint)) {
    return fail('word_break must be null or [marker, [code points]]');
  }
  return { marker: value[0], unsafeBefore: new Set(value[1]) };
}

function readInts<T extends Uint32Array | Int32Array>(file: Uint8Array, { start, length }: Section, Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; new (length: number): T }): T {
  const absolute = file.byteOffset + start;
  if (absolute % 4 === 0 && isLittleEndian) return new Type(file.buffer, absolute, length);
  const copy = new Type(length);
  const view = new DataView(file.buffer, absolute, length * 4);
  for (let i = 0; i < length; i++) copy[i] = Type === (Int32Array as unknown) ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true);
  return copy;
}

function readFloats(file: Uint8Array, { start, length }: Section): Float64Array {
  const absolute = file.byteOffset + start;
  if (absolute % 8 === 0 && isLittleEndian) return new Float64Array(file.buffer, absolute, length);
  const copy = new Float64Array(length);
  const view = new DataView(file.buffer, absolute, length * 8);
  for (let i = 0; i < length; i++) copy[i] = view.getFloat64(8 * i, true);
  return copy;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
