/**
 * The compact rank file Token Lens ships for each encoding (`dist/ranks/NAME.tlr`).
 *
 * js-tiktoken ships ranks as base64 text that takes ~1 s to parse for o200k; this
 * binary form is read with two typed-array views and no per-token parsing.
 *
 * Layout (little-endian), shaped like safetensors:
 *   u64 headerLength | header JSON (space-padded so the body starts 4-byte aligned)
 *   | u32 offsets[tokenCount + 1] | token bytes
 * Token `rank` owns bytes[offsets[rank] .. offsets[rank + 1]); an empty span is an unused rank.
 */

export const RANK_FILE_FORMAT = 'token-lens-ranks';
export const RANK_FILE_VERSION = 1;

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
  const out = new Uint8Array(8 + json.length + data.offsets.byteLength + data.bytes.length);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  const bodyStart = 8 + json.length;
  for (let i = 0; i < data.offsets.length; i++) {
    view.setUint32(bodyStart + 4 * i, data.offsets[i], true);
  }
  out.set(data.bytes, bodyStart + data.offsets.byteLength);
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
  const offsetsBytes = (tokenCount + 1) * 4;
  if (bodyStart % 4 !== 0 || bodyStart + offsetsBytes > file.length) {
    throw new RankFileError(source, `offset table for ${tokenCount} tokens does not fit in ${file.length} bytes`);
  }
  const offsets = alignedUint32(file, bodyStart, tokenCount + 1);
  const bytes = file.subarray(bodyStart + offsetsBytes);
  for (let rank = 0; rank < tokenCount; rank++) {
    if (offsets[rank] > offsets[rank + 1]) {
      throw new RankFileError(source, `offsets decrease at rank ${rank}`);
    }
  }
  if (offsets[0] !== 0 || offsets[tokenCount] !== bytes.length) {
    throw new RankFileError(source, `offsets cover ${offsets[tokenCount]} bytes but the body holds ${bytes.length}`);
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

function alignedUint32(file: Uint8Array, start: number, length: number): Uint32Array {
  const absolute = file.byteOffset + start;
  if (absolute % 4 === 0 && isLittleEndian) {
    return new Uint32Array(file.buffer, absolute, length);
  }
  const copy = new Uint32Array(length);
  const view = new DataView(file.buffer, absolute, length * 4);
  for (let i = 0; i < length; i++) copy[i] = view.getUint32(4 * i, true);
  return copy;
}

const isLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
