/**
 * The compact rank file Token Lens ships for each encoding (`dist/ranks/NAME.tlr`).
 *
 * js-tiktoken ships ranks as base64 text that takes ~1 s to parse for o200k; this
 * binary form is read with one pass over the token lengths and no per-token parsing.
 *
 * Layout (little-endian), shaped like safetensors:
 *   u64 headerLength | header JSON (space-padded so the body starts 4-byte aligned)
 *   | u16 lengths[tokenCount] | token bytes, rank after rank
 * Token `rank` owns the next lengths[rank] bytes; an empty span is an unused rank. Lengths rather
 * than offsets: they deflate to a third of the size in the .vsix (o200k: 102 KB instead of 284 KB).
 */

export const RANK_FILE_FORMAT = 'token-lens-ranks';
export const RANK_FILE_VERSION = 2;
/** The longest token a rank file can hold, in bytes (the four OpenAI encodings: 128). */
export const MAX_RANK_TOKEN_BYTES = 0xffff;

export interface RankData {
  readonly name: string;
  /** The pre-tokenizer pattern, as a JavaScript `u`-flag regular expression source. */
  readonly pattern: string;
  /** Special-token text → id. */
  readonly specialTokens: Readonly<Record<string, number>>;
  /** Number of ordinary ranks (highest ordinary rank + 1). */
  readonly tokenCount: number;
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
}

interface RankFileHeader {
  format: string;
  version: number;
  name: string;
  pattern: string;
  special_tokens: Record<string, number>;
  token_count: number;
}

export class RankFileError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'RankFileError';
  }
}

/** Builds rank data from token byte strings indexed by rank (holes allowed). */
export function rankDataFromTokens(
  name: string,
  pattern: string,
  specialTokens: Record<string, number>,
  tokensByRank: ReadonlyArray<Uint8Array | undefined>,
): RankData {
  const offsets = new Uint32Array(tokensByRank.length + 1);
  let total = 0;
  for (let rank = 0; rank < tokensByRank.length; rank++) {
    offsets[rank] = total;
    total += tokensByRank[rank]?.length ?? 0;
  }
  offsets[tokensByRank.length] = total;
  const bytes = new Uint8Array(total);
  tokensByRank.forEach((token, rank) => token && bytes.set(token, offsets[rank]));
  return { name, pattern, specialTokens, tokenCount: tokensByRank.length, offsets, bytes };
}

/**
 * A binary file's JSON header, space-padded so that the data after the 8-byte length and the
 * header starts 4-byte aligned (rank files and the tokenizer.json cache share this layout).
 */
export function headerJson(header: object): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((8 + json.length) / 4) * 4 - 8;
  if (padded === json.length) return json;
  const withPadding = new Uint8Array(padded).fill(0x20);
  withPadding.set(json);
  return withPadding;
}

export function serializeRankFile(data: RankData): Uint8Array {
  const header: RankFileHeader = {
    format: RANK_FILE_FORMAT,
    version: RANK_FILE_VERSION,
    name: data.name,
    pattern: data.pattern,
    special_tokens: { ...data.specialTokens },
    token_count: data.tokenCount,
  };
  const json = headerJson(header);
  const lengthsBytes = 2 * data.tokenCount;
  const out = new Uint8Array(8 + json.length + lengthsBytes + data.bytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  const bodyStart = 8 + json.length;
  for (let rank = 0; rank < data.tokenCount; rank++) {
    const length = data.offsets[rank + 1] - data.offsets[rank];
    if (length > MAX_RANK_TOKEN_BYTES) throw new RangeError(`${data.name}: token ${rank} is ${length} bytes, over the ${MAX_RANK_TOKEN_BYTES} a rank file holds`);
    view.setUint16(bodyStart + 2 * rank, length, true);
  }
  out.set(data.bytes, bodyStart + lengthsBytes);
  return out;
}

/** Parses and validates a rank file; `source` names it in errors. Copies nothing large. */
export function parseRankFile(file: Uint8Array, source: string): RankData {
  if (file.length < 8) {
    throw new RankFileError(source, `file is ${file.length} bytes, too short for a rank file header`);
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > file.length - 8) {
    throw new RankFileError(source, `header length ${headerLength} exceeds the file size ${file.length}`);
  }
  let header: RankFileHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new RankFileError(source, `header is not valid JSON (${(error as Error).message})`);
  }
  if (header?.format !== RANK_FILE_FORMAT || header.version !== RANK_FILE_VERSION) {
    throw new RankFileError(source, `expected format ${RANK_FILE_FORMAT} v${RANK_FILE_VERSION}, found ${header?.format} v${header?.version}`);
  }
  const tokenCount = header.token_count;
  if (!Number.isSafeInteger(tokenCount) || tokenCount <= 0) {
    throw new RankFileError(source, `token_count must be a positive integer, found ${tokenCount}`);
  }
  const bodyStart = 8 + headerLength;
  const lengthsBytes = tokenCount * 2;
  if (bodyStart % 4 !== 0 || bodyStart + lengthsBytes > file.length) {
    throw new RankFileError(source, `length table for ${tokenCount} tokens does not fit in ${file.length} bytes`);
  }
  const bytes = file.subarray(bodyStart + lengthsBytes);
  const offsets = offsetsFromLengths(view, bodyStart, tokenCount);
  if (offsets[tokenCount] !== bytes.length) {
    throw new RankFileError(source, `token lengths cover ${offsets[tokenCount]} bytes but the body holds ${bytes.length}`);
  }
  return {
    name: header.name,
    pattern: header.pattern,
    specialTokens: header.special_tokens,
    tokenCount,
    offsets,
    bytes,
  };
}

/** offsets[rank] = the sum of the lengths before it; one loop, as it runs at every load. */
function offsetsFromLengths(view: DataView, start: number, tokenCount: number): Uint32Array {
  const offsets = new Uint32Array(tokenCount + 1);
  const absolute = view.byteOffset + start;
  const lengths = absolute % 2 === 0 && isLittleEndian ? new Uint16Array(view.buffer, absolute, tokenCount) : undefined;
  let total = 0;
  for (let rank = 0; rank < tokenCount; rank++) {
    total += lengths ? lengths[rank] : view.getUint16(start + 2 * rank, true);
    offsets[rank + 1] = total;
  }
  return offsets;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
