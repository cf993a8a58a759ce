/**
 * Reading tokenizer.json piece by piece (readTokenizerFile): the fast path reads through a window
 * sliding over the file, so strings, escapes and UTF-8 sequences are cut at every place by the
 * window's edge and by short reads; what it reads must be exactly what JSON.parse reads.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer, type HfTokenizerData, TokenizerFileError, readTokenizerData } from '../../../src/core/hf';
import { buildJoinedMerges } from '../../../src/core/hf/joinedMergesBuild';
import { type FileReader, FileWindow } from '../../../src/core/hf/fileWindow';
import { LoadArena } from '../../../src/core/hf/loadArena';
import { MAX_TOKENIZER_FILE_BYTES, parseTokenizerData, readTokenizerFile, scanTokenizerData } from '../../../src/core/hf/tokenizerFile';
import { byteLevelFile, metaspaceFile, realFile } from '../../support/hfFiles';
import { Random } from '../../support/random';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const encoder = new TextEncoder();

/** A reader over `file` that returns at most `most` bytes a call, and counts the bytes it read. */
function readerOf(file: Uint8Array, most = Infinity): FileReader & { bytesRead: number } {
  const read = Object.assign(
    (into: Uint8Array, position: number) => {
      const piece = file.subarray(position, position + Math.min(into.length, most));
      into.set(piece);
      read.bytesRead += piece.length;
      return piece.length;
    },
    { bytesRead: 0 },
  );
  return read;
}

/** The data without the hash table (the reference reading builds none), its merges joined and its word break found (as the fast path reads them). */
function comparable(data: HfTokenizerData): unknown {
  const { tables, ...rest } = data;
  const { rankSlots, merges, ...vocabulary } = data.vocabulary;
  void rankSlots;
  const joined = tables ? tables.merges : buildJoinedMerges(merges, vocabulary.tokenCount, vocabulary.offsets, vocabulary.bytes).merges;
  return { ...rest, vocabulary, merges: joined, wordBreak: (tables ?? new HfTokenizer(data).tables).wordBreak };
}

/** Generated files whose tokens hold escapes, multi-byte characters and quotes, compact and indented. */
function files(): [string, Uint8Array][] {
  const byteLevel = byteLevelFile({ preTokenizer: BYTE_LEVEL, mergesAsStrings: true, special: ['<|end|>'] });
  const metaspace = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' }, special: ['<eos>'] });
  const vocab = (metaspace.model as { vocab: Record<string, number> }).vocab;
  let next = Math.max(...Object.values(vocab)) + 1;
  for (const token of ['😀', '▁😀', 'a\nb', 'say "hi"', 'back\\slash', 'é']) vocab[token] = next++;
  const escape = (json: string) => json.replaceAll('Ġ', '\\u0120').replaceAll('😀', '\\ud83d\\ude00').replaceAll('é', '\\u00e9');
  return [
    ['byte-level, merges as strings', encoder.encode(JSON.stringify(byteLevel))],
    ['byte-level, escaped and indented', encoder.encode(escape(JSON.stringify(byteLevel, null, 2)))],
    ['byte-level, merges as pairs', encoder.encode(JSON.stringify(byteLevelFile({ preTokenizer: BYTE_LEVEL })))],
    ['SentencePiece-style, indented', encoder.encode(JSON.stringify(metaspace, null, 2))],
    ['SentencePiece-style, escaped', encoder.encode(escape(JSON.stringify(metaspace)))],
  ];
}

describe('Hugging Face tokenizer.json: reading the file piece by piece', () => {
  it('reads through a small sliding window, cut anywhere by its edge and by short reads, exactly as JSON.parse does, the window in the load arena or not', () => {
    for (const [name, file] of files()) {
      const parsed = comparable(parseTokenizerData(file, 'tokenizer.json', undefined));
      for (const [capacity, itemBytes, most] of [
        [64, 48, Infinity],
        [97, 60, 7],
        [128, 100, 1],
        [301, 64, 13],
      ]) {
        // In the arena the merges scan reads the window where it is; elsewhere, a copy of it.
        for (const arena of [undefined, LoadArena.forFile(file.length)]) {
          const read = readerOf(file, most);
          const window = FileWindow.stream(read, file.length, capacity, itemBytes, arena && ((bytes) => arena.uint8(bytes)));
          assert.equal(arena?.holds(window.view) ?? false, arena !== undefined);
          const scanned = scanTokenizerData(window, 'tokenizer.json', undefined, arena);
          const where = `${name}, window ${capacity}${arena ? ' in the arena' : ''}, reads of ${most}`;
          assert.ok(scanned, `${where}: the fast path read it`);
          assert.ok(window.base > file.length / 2, `${where}: the window slid over the file`);
          assert.deepEqual(comparable(scanned), parsed, where);
          assert.equal(read.bytesRead, file.length, `${where}: each byte read once`);
        }
      }
    }
  });

  it('reads a file whose arrays outgrow the load arena as JSON.parse reads it', () => {
    // Ids that leave a gap of millions: the arena (sized for the file) cannot hold their offsets, so the fast path gives up.
    const tokenizer = metaspaceFile({});
    (tokenizer.model as { vocab: Record<string, number> }).vocab['▁far'] = 3_000_000;
    const file = encoder.encode(JSON.stringify(tokenizer));
    const arena = LoadArena.forFile(file.length);
    assert.ok(arena.memory.buffer.byteLength < 4 * 3_000_000, 'an arena too small for the offsets of 3,000,000 ids');
    assert.equal(scanTokenizerData(file, 'tokenizer.json', undefined, arena), undefined);
    assert.deepEqual(comparable(readTokenizerData(file, 'tokenizer.json')), comparable(parseTokenizerData(file, 'tokenizer.json', undefined)));
    assert.equal(readTokenizerData(file, 'tokenizer.json').vocabulary.tokenCount, 3_000_001);
  });

  it("reads Llama 3's file through the default window exactly as from memory, holding a fraction of it", function () {
    this.timeout(60_000);
    const file = new Uint8Array(realFile('llama3'));
    const config = realFile('llama3', 'tokenizer_config.json');
    const window = FileWindow.stream(readerOf(file), file.length);
    const scanned = scanTokenizerData(window, 'tokenizer.json', undefined);
    assert.ok(scanned, 'the fast path read it');
    assert.ok(window.view.buffer.byteLength < file.length / 4, `a window of ${window.view.buffer.byteLength} bytes`);
    assert.deepEqual(readTokenizerFile(readerOf(file), file.length, 'tokenizer.json', config), readTokenizerData(file, 'tokenizer.json', config));
  });

  it('a file damaged by one byte anywhere reads as JSON.parse reads it, or fails with its message, through any window', function () {
    // Hundreds of loads each: seconds alone, several times that on a loaded machine.
    this.timeout(60_000);
    const random = new Random(0x57e4);
    const interesting = [...'"\\{}[],: 09.e-a'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xff, 0x01]);
    for (const [, good] of files().slice(1, 4)) {
      for (let round = 0; round < 150; round++) {
        const file = good.slice();
        file[random.int(file.length)] = interesting[random.int(interesting.length)];
        const outcome = (read: () => HfTokenizerData) => {
          try {
            return comparable(read());
          } catch (error) {
            return (error as Error).message;
          }
        };
        const parsed = outcome(() => parseTokenizerData(file, 'tokenizer.json', undefined));
        assert.deepEqual(outcome(() => readTokenizerFile(readerOf(file, 5), file.length, 'tokenizer.json')), parsed, `round ${round}`);
        // Through a small window that slides: the fast path reads it as JSON.parse does, or gives up.
        const scanned = scanTokenizerData(FileWindow.stream(readerOf(file, 5), file.length, 96, 64), 'tokenizer.json', undefined);
        if (scanned) assert.deepEqual(comparable(scanned), parsed, `round ${round}, small window`);
      }
    }
  });

  it('refuses a file above the size cap before reading any of it', () => {
    const read = readerOf(new Uint8Array(0));
    assert.throws(
      () => readTokenizerFile(read, MAX_TOKENIZER_FILE_BYTES + 1, 'tokenizer.json'),
      (error: unknown) => error instanceof TokenizerFileError && error.message === 'tokenizer.json: expected at most 64 MB, found 64.0 MB',
    );
    assert.equal(read.bytesRead, 0);
  });
});
