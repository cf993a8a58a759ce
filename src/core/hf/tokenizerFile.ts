/**
 * Reading a `tokenizer.json` (and optionally `tokenizer_config.json`) into HfTokenizerData.
 *
 * Most of the file is model.vocab and model.merges (Gemma 3's is 33 MB): they are read straight
 * from the bytes (./vocabularyScan.ts) and JSON.parse reads only the rest, with those two values
 * emptied. A file that path is not sure of is read whole by JSON.parse, as before, which decides
 * and words every error.
 */
import type { HfTokenizerData } from './hfTokenizer';
import { objectMembers, skipSpace, skipValue } from './jsonScan';
import { Field, TokenizerFileError } from './json';
import { type PipelineSpec, readPipeline } from './spec';
import { readVocabulary } from './vocabulary';
import { scanMerges } from './mergesScan';
import { type ScannedVocabulary, scanVocabulary, withAddedIds } from './vocabularyScan';

/** `tokenizer.json` files above this size are refused before parsing (Gemma 3's is 33 MB). */
export const MAX_TOKENIZER_FILE_BYTES = 64 * 1024 * 1024;

/** Parses and validates `tokenizer.json` (and optionally `tokenizer_config.json`); throws TokenizerFileError. */
export function readTokenizerData(file: Uint8Array, source: string, config?: Uint8Array): HfTokenizerData {
  if (file.length > MAX_TOKENIZER_FILE_BYTES) {
    throw new TokenizerFileError(`${source}: expected at most ${MAX_TOKENIZER_FILE_BYTES / 1024 / 1024} MB, found ${(file.length / 1024 / 1024).toFixed(1)} MB`);
  }
  const configField = config ? new Field(parseJson(config, `${source} (tokenizer_config.json)`), '(config)', `${source} (tokenizer_config.json)`) : undefined;
  return scanTokenizerData(file, source, configField) ?? parseTokenizerData(file, source, configField);
}

/** The whole file through JSON.parse: the reference reading, and the one that words errors. */
export function parseTokenizerData(file: Uint8Array, source: string, config: Field | undefined): HfTokenizerData {
  const root = new Field(parseJson(file, source), '(root)', source);
  const pipeline = readPipeline(root, config);
  const vocabulary = readVocabulary(root.get('model'), pipeline.model.byteLevel, addedIds(pipeline));
  return { name: source, settings: settingsOf(root, config), pipeline, vocabulary };
}

/** The fast path: undefined whenever the file is anything but plainly well formed (parseTokenizerData then decides). */
export function scanTokenizerData(fileBytes: Uint8Array, source: string, config: Field | undefined): HfTokenizerData | undefined {
  // A plain view: a Node Buffer's own subarray and indexOf cost a JavaScript wrapper per call.
  const file = new Uint8Array(fileBytes.buffer, fileBytes.byteOffset, fileBytes.byteLength);
  // One pass over the big values: vocab and merges are read while model's members are found, and those while the root's are.
  // How to read tokens depends on the pre-tokenizer, read later: guess it from the text before the vocab, and read again if wrong.
  let guess = false;
  let vocabulary: ScannedVocabulary | undefined;
  let merges: Int32Array | undefined;
  const readMember = (_: Uint8Array, start: number, key: string): number => {
    if (key === 'vocab') {
      guess = mentions(file, start, BYTE_LEVEL);
      vocabulary = scanVocabulary(file, start, guess);
      return vocabulary?.end ?? -1;
    }
    const scanned = vocabulary && scanMerges(file, start, guess, vocabulary);
    merges = scanned?.merges;
    return scanned?.end ?? skipValue(file, start); // merges before vocab, or not sure of them: read again below
  };
  let members: ReturnType<typeof objectMembers>;
  const model = objectMembers(file, skipSpace(file, 0), ['model'], (_, start) => (members = objectMembers(file, start, ['vocab', 'merges'], readMember))?.end ?? -1)?.spans.get('model');
  const vocab = members?.spans.get('vocab');
  const mergesSpan = members?.spans.get('merges');
  if (!model || !vocab || !vocabulary || (mergesSpan && file[mergesSpan[0]] !== 0x5b)) return undefined;
  let root: Field;
  let pipeline: PipelineSpec;
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let rest = '';
    let from = 0;
    for (const [start, end] of (mergesSpan ? [vocab, mergesSpan] : [vocab]).sort((a, b) => a[0] - b[0])) {
      rest += `${decoder.decode(file.subarray(from, start))}${file[start] === 0x7b ? '{}' : '[]'}`;
      from = end;
    }
    root = new Field(JSON.parse(rest + decoder.decode(file.subarray(from))), '(root)', source);
    pipeline = readPipeline(root, config);
  } catch {
    return undefined;
  }
  const { byteLevel } = pipeline.model;
  if (byteLevel !== guess) {
    vocabulary = scanVocabulary(file, vocab[0], byteLevel);
    if (vocabulary?.end !== vocab[1]) return undefined;
    merges = undefined;
  }
  if (mergesSpan && !merges) {
    const scanned = scanMerges(file, mergesSpan[0], byteLevel, vocabulary);
    if (scanned?.end !== mergesSpan[1]) return undefined;
    merges = scanned.merges;
  }
  const data = withAddedIds(vocabulary, merges ?? new Int32Array(0), addedIds(pipeline));
  return data && { name: source, settings: settingsOf(root, config), pipeline, vocabulary: data };
}

const BYTE_LEVEL = new TextEncoder().encode('"ByteLevel"');

/** Whether file[0, end) holds `word`. */
function mentions(file: Uint8Array, end: number, word: Uint8Array): boolean {
  for (let i = file.indexOf(word[0]); i >= 0 && i + word.length <= end; i = file.indexOf(word[0], i + 1)) {
    let k = 1;
    while (k < word.length && file[i + k] === word[k]) k++;
    if (k === word.length) return true;
  }
  return false;
}

function addedIds(pipeline: PipelineSpec): number[] {
  return pipeline.addedTokens.map((token) => token.id);
}

function settingsOf(root: Field, config: Field | undefined): HfTokenizerData['settings'] {
  const { vocab, merges, ...model } = root.get('model').object();
  void vocab;
  void merges;
  const keys = ['bos_token', 'eos_token', 'add_bos_token', 'add_eos_token', 'chat_template'];
  const configObject = config ? config.object() : undefined;
  return {
    root: { ...root.object(), model },
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
