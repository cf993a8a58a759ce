/**
 * A compact binary form of a compiled `tokenizer.json`, written after the first load so the
 * next one skips JSON entirely: bytes in, bytes out (where it is stored is the host's business).
 *
 * It holds only what encoding reads, in the form it reads it, so loading is typed-array views
 * over the file; it is small because a load's cost is mostly the memory it touches. The merges
 * are kept joined to the vocabulary (see joinedMerges.ts). Layout (little-endian), like the rank
 * files (../tokenizer/rankFile.ts):
 *   u64 headerLength | header JSON (space-padded to an 8-byte boundary)
 *   | f64 explicit keys[E] | u32 offsets[T + 1] | i32 token hash slots[S] | u32 block starts[⌈T/256⌉] | i32 explicit merges[3E]
 *   | i32 added ids[A] | i32 added order[A] | u32 added starts[A + 1] | u16 added text[U]
 *   | u8 split counts[T] | u8 splits[P] | u8 explicit lefts[⌈T/8⌉] | u8 odd tokens[⌈T/8⌉] | u8 added flags[A] | u8 added repeats[A] | token bytes
 * (every size follows from the header's counts). The header holds the file's own settings
 * (re-validated on load, as are the added tokens), so a cache can never run anything its
 * `tokenizer.json` would not.
 *
 * Load checks are cheap on purpose (a load must stay far below a JSON parse): sizes, the header,
 * a free hash slot (so lookups end), split blocks in order and every explicit merge result
 * inside the vocabulary. Other damage cannot loop or name an id outside the vocabulary: a slot
 * naming no token only misses, as does a wrong split (see RankTable.lookup and JoinedMergeTable.find).
 */
import type { HfTokenizer, HfTokenizerData } from './hfTokenizer';
import { type AddedTokenList, MAX_ADDED_TOKENS, MAX_ADDED_TOKEN_UNITS, addedTokenSpecs } from './addedTokens';
import { checkAddedTokens, textOfUnits, unitsOfText } from './cacheAddedTokens';
import { type JoinedMergeData, SPLIT_BLOCK } from './joinedMerges';
import { buildJoinedMerges, compactSlots } from './joinedMergesBuild';
import { Field, TokenizerFileError } from './json';
import { type AddedTokenSpec, readPipeline } from './spec';
import type { WordBreak } from './wordBreak';

export const HF_CACHE_FORMAT = 'token-lens-hf';
/** v4: merges joined to the vocabulary, a smaller token hash table. */
export const HF_CACHE_VERSION = 4;

interface CacheHeader {
  format: string;
  version: number;
  name: string;
  settings: HfTokenizerData['settings'];
  token_count: number;
  slot_count: number;
  split_count: number;
  explicit_count: number;
  spacing: number;
  /** The file's added tokens (in tables, not in settings.root, whose other keys are as in the file) and their contents' UTF-16 length. */
  added_count: number;
  added_units: number;
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

/** The tables in file order, with their element sizes (the one truth of the layout). */
const TABLES = [
  ['explicitKeys', 8],
  ['offsets', 4],
  ['rankSlots', 4],
  ['blockStarts', 4],
  ['explicit', 4],
  ['addedIds', 4],
  ['addedOrder', 4],
  ['addedStarts', 4],
  ['addedText', 2],
  ['counts', 1],
  ['splits', 1],
  ['explicitLefts', 1],
  ['odd', 1],
  ['addedFlags', 1],
  ['addedRepeats', 1],
] as const;
type TableName = (typeof TABLES)[number][0];

/** Where each table lies in a cache with this header. */
function layout(headerLength: number, header: Pick<CacheHeader, 'token_count' | 'slot_count' | 'split_count' | 'explicit_count' | 'added_count' | 'added_units'>): Record<TableName, Section> & { bytesAt: number } {
  const tokens = header.token_count;
  const lengths: Record<TableName, number> = {
    explicitKeys: header.explicit_count,
    offsets: tokens + 1,
    rankSlots: header.slot_count,
    blockStarts: Math.ceil(tokens / SPLIT_BLOCK),
    explicit: 3 * header.explicit_count,
    counts: tokens,
    splits: header.split_count,
    explicitLefts: (tokens + 7) >> 3,
    odd: (tokens + 7) >> 3,
    addedIds: header.added_count,
    addedOrder: header.added_count,
    addedStarts: header.added_count + 1,
    addedText: header.added_units,
    addedFlags: header.added_count,
    addedRepeats: header.added_count,
  };
  let at = 8 + headerLength;
  const sections = {} as Record<TableName, Section>;
  for (const [name, size] of TABLES) {
    sections[name] = { start: at, length: lengths[name] };
    at += size * lengths[name];
  }
  return { ...sections, bytesAt: at };
}

/** The sections of a cache file, from its header (for tests that damage one table). */
export function cacheSections(file: Uint8Array): ReturnType<typeof layout> {
  const headerLength = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  return layout(headerLength, JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as CacheHeader);
}

export function serializeTokenizerCache(tokenizer: HfTokenizer): Uint8Array {
  const { data, tables } = tokenizer;
  const { wordBreak } = tables;
  const { vocabulary } = data;
  // A tokenizer read from a cache or scanned from tokenizer.json has its merges joined already; one parsed from it has them as rows.
  const compact = 'counts' in tables.merges ? { rankSlots: compactSlots(tables.rankSlots, vocabulary.tokenCount, vocabulary.offsets, vocabulary.bytes), merges: tables.merges } : buildJoinedMerges(vocabulary.merges, vocabulary.tokenCount, vocabulary.offsets, vocabulary.bytes);
  const merges: JoinedMergeData = compact.merges;
  const added = tokenizer.addedTokens;
  const header: CacheHeader = {
    format: HF_CACHE_FORMAT,
    version: HF_CACHE_VERSION,
    name: data.name,
    settings: data.settings,
    added_count: added.ids.length,
    added_units: added.text.length,
    token_count: vocabulary.tokenCount,
    slot_count: compact.rankSlots.length,
    split_count: merges.splits.length,
    explicit_count: merges.explicitKeys.length,
    spacing: merges.spacing,
    unproducible: [...vocabulary.unproducible],
    word_break: wordBreak ? [wordBreak.marker, [...wordBreak.unsafeBefore]] : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const sections = layout(headerLength, header);
  const out = new Uint8Array(sections.bytesAt + vocabulary.bytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  const values: Record<TableName, Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array> = {
    ...merges,
    offsets: vocabulary.offsets,
    rankSlots: compact.rankSlots,
    addedIds: added.ids,
    addedOrder: added.byContent,
    addedStarts: added.starts,
    addedText: unitsOfText(added.text),
    addedFlags: added.flags,
    addedRepeats: added.repeats,
  };
  for (const [name, size] of TABLES) {
    const table = values[name];
    const at = sections[name].start;
    if (size === 1 || isLittleEndian) out.set(new Uint8Array(table.buffer, table.byteOffset, table.byteLength), at);
    else if (table instanceof Float64Array) table.forEach((value, i) => view.setFloat64(at + 8 * i, value, true));
    else if (table instanceof Uint16Array) table.forEach((value, i) => view.setUint16(at + 2 * i, value, true));
    else table.forEach((value, i) => (table instanceof Int32Array ? view.setInt32(at + 4 * i, value, true) : view.setUint32(at + 4 * i, value, true)));
  }
  out.set(vocabulary.bytes, sections.bytesAt);
  return out;
}

const isCount = (n: unknown, max: number): n is number => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= max;
const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

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
  if (!isCount(tokenCount, 1 << 24) || !isCount(header.split_count, 255 * tokenCount) || !isCount(header.explicit_count, 1 << 24)) {
    fail('token_count, split_count and explicit_count must be counts up to 2^24 (255 splits a token)');
  }
  if (!isCount(header.added_count, MAX_ADDED_TOKENS) || !isCount(header.added_units, MAX_ADDED_TOKEN_UNITS * header.added_count)) fail(`added_count must be a count up to ${MAX_ADDED_TOKENS}, added_units up to ${MAX_ADDED_TOKEN_UNITS} a token`);
  if (!isCount(header.slot_count, 1 << 26) || !isPowerOfTwo(header.slot_count) || header.slot_count <= tokenCount) fail(`slot_count must be a power of two above ${tokenCount}, found ${header.slot_count}`);
  const spacing = header.spacing;
  if (!isCount(spacing, 2 ** 32) || !isPowerOfTwo(spacing) || (tokenCount * 256 + 256) * spacing >= 2 ** 53) fail(`spacing must be a power of two keeping keys below 2^53, found ${spacing}`);
  const sections = layout(headerLength, header);
  if (headerLength % 8 !== 0 || sections.bytesAt > file.length) fail(`tables for ${tokenCount} tokens do not fit in ${file.length} bytes`);
  const offsets = readInts(file, sections.offsets, Uint32Array);
  const rankSlots = readInts(file, sections.rankSlots, Int32Array);
  const bytesView = (section: Section) => file.subarray(section.start, section.start + section.length);
  const merges: JoinedMergeData = {
    counts: bytesView(sections.counts),
    splits: bytesView(sections.splits),
    blockStarts: readInts(file, sections.blockStarts, Uint32Array),
    explicit: readInts(file, sections.explicit, Int32Array),
    explicitKeys: readFloats(file, sections.explicitKeys),
    explicitLefts: bytesView(sections.explicitLefts),
    odd: bytesView(sections.odd),
    spacing,
  };
  const bytes = file.subarray(sections.bytesAt);
  if (offsets[0] !== 0 || offsets[tokenCount] !== bytes.length) fail(`offsets cover ${offsets[tokenCount]} bytes but the body holds ${bytes.length}`);
  if (!rankSlots.includes(-1)) fail('the token hash table has no free slot');
  // Row lengths are not checked again here: the writer built this table within MAX_HASH_RUN (joinedMergesBuild.ts), and a pass over it costs ~8 ms cold, a sixth of a load.
  // Indexed and flat: these run once per load, cold (see RankTable.checkSlots).
  for (let block = 0, previous = 0; block < merges.blockStarts.length; block++) {
    const start = merges.blockStarts[block];
    if (start < previous || start > header.split_count) fail(`split block ${block} starts at ${start}, after ${previous} and within ${header.split_count} expected`);
    previous = start;
  }
  for (let i = 0; i < header.explicit_count; i++) {
    const id = merges.explicit[3 * i + 2];
    if (!(id >= 0 && id < tokenCount)) fail(`explicit merge ${i} gives id ${id}, outside the vocabulary of ${tokenCount}`);
    if (!(merges.explicitKeys[i] >= 0 && merges.explicitKeys[i] < 2 ** 53)) fail(`explicit merge ${i} has key ${merges.explicitKeys[i]}, expected a number from 0 to 2^53`);
  }
  const settings: HfTokenizerData['settings'] = header.settings;
  const root = new Field(settings?.root, '(root)', source);
  const config = settings?.config === undefined ? undefined : new Field(settings.config, '(config)', source);
  if (root.object().added_tokens !== undefined) fail('settings.root must not hold added_tokens (the header lists them)');
  const addedTokens: AddedTokenList = {
    ids: readInts(file, sections.addedIds, Int32Array),
    flags: bytesView(sections.addedFlags),
    byContent: readInts(file, sections.addedOrder, Int32Array),
    repeats: bytesView(sections.addedRepeats),
    starts: readInts(file, sections.addedStarts, Uint32Array),
    text: textOfUnits(readUnits(file, sections.addedText)),
  };
  checkAddedTokens(addedTokens, tokenCount, fail);
  // The tokenizer reads the flat lists; the list of objects is made only if someone asks for it.
  const pipeline = readPipeline(root, config);
  let specs: AddedTokenSpec[] | undefined;
  Object.defineProperty(pipeline, 'addedTokens', { get: () => (specs ??= addedTokenSpecs(addedTokens)), enumerable: true });
  if (!Array.isArray(header.unproducible)) fail('unproducible must be a list');
  const unproducible = new Map<number, string>();
  for (const entry of header.unproducible) {
    if (!Array.isArray(entry) || !Number.isSafeInteger(entry[0]) || typeof entry[1] !== 'string') fail('unproducible holds [id, text] pairs');
    unproducible.set(entry[0], entry[1]);
  }
  const vocabulary = { tokenCount, offsets, bytes, unproducible, merges: new Int32Array(0) };
  const tables = { rankSlots, merges, wordBreak: readWordBreak(header.word_break, fail) };
  return { name: typeof header.name === 'string' ? header.name : source, settings, pipeline, vocabulary, tables, addedTokens };
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

function readUnits(file: Uint8Array, { start, length }: Section): Uint16Array {
  const absolute = file.byteOffset + start;
  if (absolute % 2 === 0 && isLittleEndian) return new Uint16Array(file.buffer, absolute, length);
  const view = new DataView(file.buffer, absolute, length * 2);
  return Uint16Array.from({ length }, (_, i) => view.getUint16(2 * i, true));
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
