/**
 * A compact binary form of a compiled `tokenizer.json`, written after the first load so the
 * next one skips JSON entirely: bytes in, bytes out (where it is stored is the host's business).
 *
 * Layout (little-endian), like the rank files (../tokenizer/rankFile.ts):
 *   u64 headerLength | header JSON (space-padded to a 4-byte boundary)
 *   | u32 offsets[tokenCount + 1] | i32 merges[3 × mergeCount] | i32 token hash slots
 *   | i32 merge rows[tokenCount + 1] | (4 bytes to an 8-byte boundary) | f64 merge keys[mergeCount]
 *   | token bytes   (every size follows from the two counts)
 * The header holds the file's own settings (re-validated on load), so a cache can never run
 * anything its `tokenizer.json` would not.
 */
import { headerJson } from '../tokenizer/rankFile';
import { RankTable } from '../tokenizer/rankTable';
import type { HfTokenizer, HfTokenizerData } from './hfTokenizer';
import { Field, TokenizerFileError } from './json';
import { MergeTable } from './pairMerger';
import { readPipeline } from './spec';

export const HF_CACHE_FORMAT = 'token-lens-hf';
export const HF_CACHE_VERSION = 2;

interface CacheHeader {
  format: string;
  version: number;
  name: string;
  settings: HfTokenizerData['settings'];
  token_count: number;
  merge_count: number;
  unproducible: [number, string][];
}

export function serializeTokenizerCache(tokenizer: HfTokenizer): Uint8Array {
  const { data, tables } = tokenizer;
  const { vocabulary } = data;
  const header: CacheHeader = {
    format: HF_CACHE_FORMAT,
    version: HF_CACHE_VERSION,
    name: data.name,
    settings: data.settings,
    token_count: vocabulary.tokenCount,
    merge_count: vocabulary.merges.length / 3,
    unproducible: [...vocabulary.unproducible],
  };
  const json = headerJson(header);
  const body = 8 + json.length;
  const ints = [vocabulary.merges, tables.rankSlots, tables.mergeRows];
  const keysAt = align8(body + vocabulary.offsets.byteLength + ints.reduce((sum, array) => sum + array.byteLength, 0));
  const out = new Uint8Array(keysAt + tables.mergeKeys.byteLength + vocabulary.bytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = body;
  for (const value of vocabulary.offsets) {
    view.setUint32(at, value, true);
    at += 4;
  }
  for (const array of ints) {
    for (const value of array) {
      view.setInt32(at, value, true);
      at += 4;
    }
  }
  at = keysAt;
  for (const value of tables.mergeKeys) {
    view.setFloat64(at, value, true);
    at += 8;
  }
  out.set(vocabulary.bytes, at);
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
  if (!Number.isSafeInteger(tokenCount) || tokenCount < 0 || !Number.isSafeInteger(mergeCount) || mergeCount < 0) fail('token_count and merge_count must be counts');
  const body = 8 + headerLength;
  const rankSlotCount = RankTable.slotCount(tokenCount);
  const mergesAt = body + (tokenCount + 1) * 4;
  const rankSlotsAt = mergesAt + mergeCount * 12;
  const mergeRowsAt = rankSlotsAt + rankSlotCount * 4;
  const keysAt = align8(mergeRowsAt + (tokenCount + 1) * 4);
  const bytesAt = keysAt + mergeCount * 8;
  if (body % 4 !== 0 || bytesAt > file.length) fail(`tables for ${tokenCount} tokens and ${mergeCount} merges do not fit in ${file.length} bytes`);
  const offsets = readInts(file, body, tokenCount + 1, Uint32Array);
  const merges = readInts(file, mergesAt, mergeCount * 3, Int32Array);
  const rankSlots = readInts(file, rankSlotsAt, rankSlotCount, Int32Array);
  const mergeRows = readInts(file, mergeRowsAt, tokenCount + 1, Int32Array);
  const mergeKeys = readFloats(file, keysAt, mergeCount);
  // Damaged tables could send a lookup round forever or out of bounds: check them as they will be read.
  if (!RankTable.checkSlots(rankSlots, tokenCount) || !MergeTable.check(mergeRows, mergeKeys, merges, tokenCount)) fail('the hash tables are damaged');
  const bytes = file.subarray(bytesAt);
  for (let id = 0; id < tokenCount; id++) if (offsets[id] > offsets[id + 1]) fail(`offsets decrease at token ${id}`);
  if (offsets[0] !== 0 || offsets[tokenCount] !== bytes.length) fail(`offsets cover ${offsets[tokenCount]} bytes but the body holds ${bytes.length}`);
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
  return { name: typeof header.name === 'string' ? header.name : source, settings, pipeline, vocabulary: { tokenCount, offsets, bytes, unproducible, merges }, tables: { rankSlots, mergeRows, mergeKeys } };
}

function readInts<T extends Uint32Array | Int32Array>(file: Uint8Array, start: number, length: number, Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; new (length: number): T }): T {
  const absolute = file.byteOffset + start;
  if (absolute % 4 === 0 && isLittleEndian) return new Type(file.buffer, absolute, length);
  const copy = new Type(length);
  const view = new DataView(file.buffer, absolute, length * 4);
  for (let i = 0; i < length; i++) copy[i] = Type === (Int32Array as unknown) ? view.getInt32(4 * i, true) : view.getUint32(4 * i, true);
  return copy;
}

function readFloats(file: Uint8Array, start: number, length: number): Float64Array {
  const absolute = file.byteOffset + start;
  if (absolute % 8 === 0 && isLittleEndian) return new Float64Array(file.buffer, absolute, length);
  const copy = new Float64Array(length);
  const view = new DataView(file.buffer, absolute, length * 8);
  for (let i = 0; i < length; i++) copy[i] = view.getFloat64(8 * i, true);
  return copy;
}

function align8(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
