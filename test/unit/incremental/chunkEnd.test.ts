/**
 * A long chunk's end is found in steps that each read a bounded number of characters, and is
 * exactly where one whole scan of the pre-tokenizer puts it.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { StringSource } from '../../../src/core/incremental/restart';
import { ChunkEndSteps, firstChunkEnd } from '../../../src/core/incremental/chunkEnd';
import { CHUNK_END_STEP, LongChunkSteps } from '../../../src/core/incremental/scan';
import { KNOWN_PATTERNS } from '../../../src/core/hf/splitter';
import { ENCODING_NAMES, Encoder } from '../../../src/core/tokenizer';
import type { Chunker } from '../../../src/core/tokenizer/chunker';
import { Cl100kScanner, Gpt2Scanner, O200kScanner, type SteppedChunkEnd } from '../../../src/core/tokenizer/scanners';
import { ourEncoder, rankFilePath } from '../../support/encoders';
import { Random } from '../../support/random';
import { generateText, longRuns } from '../../support/textGenerator';

/** Characters a step may read besides the code points it advances: the prefix, contractions, look-ahead, run ends. */
const STEP_MARGIN = 32;

/** Counts the characters a scanner classifies (every character it scans is classified). */
function countReads<T extends Chunker>(chunker: T): { chunker: T; reads: { count: number } } {
  const reads = { count: 0 };
  const classified = chunker as unknown as { flags(i: number): number };
  const flags = classified.flags.bind(chunker);
  classified.flags = (i: number) => {
    reads.count++;
    return flags(i);
  };
  return { chunker, reads };
}

const scanners = [
  { name: 'r50k/p50k (GPT-2)', make: () => new Gpt2Scanner() },
  { name: 'cl100k_base', make: () => new Cl100kScanner() },
  { name: 'o200k_base', make: () => new O200kScanner() },
  // The tokenizer.json patterns that run on the tiktoken scanners. (DeepSeek V3's scanners are not
  // stepped: a tokenizer.json tokenizer finds a chunk's end in one step, its longChunks is undefined.)
  ...[...KNOWN_PATTERNS]
    .map(([source, make], index) => ({ name: `tokenizer.json pattern ${index + 1} (${source.slice(0, 24)}…)`, make }))
    .filter(({ make }) => 'chunkEndStep' in make()),
];

function stepped(chunker: Chunker): Chunker & SteppedChunkEnd {
  assert.ok('chunkEndStep' in chunker, 'a hand-written scanner');
  return chunker as Chunker & SteppedChunkEnd;
}

/** Chunk ends of one whole scan from `position`. */
function wholeScan(chunker: Chunker, text: string): number[] {
  chunker.reset(text, 0);
  const ends: number[] = [];
  for (let end = chunker.next(); end !== -1; end = chunker.next()) ends.push(end);
  return ends;
}

function texts(): string[] {
  const random = new Random(808);
  const out: string[] = [];
  for (let i = 0; i < 300; i++) out.push(generateText(random, 16));
  const runs = Object.values(longRuns(700, new Random(9)));
  for (const run of runs) out.push(run, `${run} x${run}\n${run}`, ` ${run}'ll`, `!${run}\n\n/x`);
  // Backtracking corners (U* gives back to the last W) made long; whitespace giving back its last space.
  out.push(`${'中'.repeat(300)}${'A'.repeat(400)}.`, `${'AB\u0301'.repeat(200)}C.`, `${' '.repeat(500)}\n${' '.repeat(300)}x`, `${'\r\n '.repeat(200)}y`);
  out.push(`${'𝐀'.repeat(300)}𝐜${'𝐀'.repeat(200)}`, `${'ǅ'.repeat(300)}emal'S`);
  return out;
}

describe('a chunk end found in bounded steps', function () {
  this.timeout(120_000);
  const samples = texts();

  for (const { name, make } of scanners) {
    it(`${name}: same end as the whole scan at every chunk start, reading at most a step's characters per step`, () => {
      for (const text of samples) {
        const ends = wholeScan(make(), text);
        for (let k = 0; k < ends.length; k++) {
          const start = k === 0 ? 0 : ends[k - 1];
          for (const step of [1, 7, 64]) {
            const { chunker, reads } = countReads(stepped(make()));
            chunker.beginChunkEnd(text, start, text.length);
            let end = -1;
            let steps = 0;
            while (end === -1) {
              reads.count = 0;
              end = chunker.chunkEndStep(step);
              steps++;
              assert.ok(reads.count <= step + STEP_MARGIN, `step ${steps} read ${reads.count} characters (step ${step}) in ${JSON.stringify(text.slice(0, 40))}`);
              // Each code point is read by a few runs at most (o200k tries four letter alternatives).
              assert.ok(steps <= (8 * text.length) / step + 8, `ends (${steps} steps)`);
            }
            assert.equal(end, ends[k], `chunk at ${start} of ${JSON.stringify(text.slice(0, 40))}, steps of ${step}`);
          }
        }
      }
    });
  }

  for (const name of ENCODING_NAMES) {
    it(`${name}: special tokens (when allowed) end the chunk where a whole scan ends it`, () => {
      const encoder = ourEncoder(name);
      const random = new Random(31);
      for (const run of Object.values(longRuns(3000, random))) {
        for (const at of [1, 17, 1000, 2999]) {
          const text = `${run.slice(0, at)}<|endoftext|>${run.slice(at)}`;
          for (const allowSpecial of [true, false]) {
            const steps = new ChunkEndSteps(encoder, text, { allowSpecial });
            let end = -1;
            while (end === -1) end = steps.step(5);
            assert.equal(end, firstChunkEnd(encoder, text, { allowSpecial }), `${allowSpecial} ${at} ${JSON.stringify(text.slice(0, 20))}`);
          }
        }
      }
    });

    it(`${name}: no step of a long chunk in the editor reads more than a step of text`, () => {
      // A fresh encoder whose pre-tokenizers count what they read.
      const encoder = Encoder.fromRankFile(readFileSync(rankFilePath(name)), name);
      const reads = { count: 0 };
      const make = encoder.createChunker.bind(encoder);
      encoder.createChunker = () => {
        const chunker = make();
        const classified = chunker as unknown as { flags(i: number): number };
        const flags = classified.flags.bind(chunker);
        classified.flags = (i: number) => {
          reads.count++;
          return flags(i);
        };
        return chunker;
      };
      const length = 4 * CHUNK_END_STEP + 12_345;
      let long = 0;
      for (const [kind, run] of Object.entries(longRuns(length, new Random(5)))) {
        const source = new StringSource(`${run}. after`);
        reads.count = 0;
        const steps = LongChunkSteps.at(encoder, source, 0, false);
        assert.ok(reads.count <= CHUNK_END_STEP + STEP_MARGIN, `${kind}: looking at the chunk read ${reads.count} characters at once`);
        if (!steps) continue; // digits: short chunks in most encodings
        long++;
        let done = false;
        let count = 0;
        while (!done) {
          reads.count = 0;
          done = steps.step();
          count++;
          assert.ok(reads.count <= CHUNK_END_STEP + STEP_MARGIN, `${kind}: step ${count} read ${reads.count} characters`);
        }
        assert.equal(steps.end, firstChunkEnd(encoder, source.text));
        assert.equal(steps.tokens.count, encoder.count(source.text.slice(0, steps.end)));
      }
      assert.ok(long >= 5, `${long} long chunks`);
    });
  }

  it('o200k_base: a chunk found short only after a long look ahead is encoded the ordinary way', () => {
    // U* reads the whole run of capitals, then gives back to the last CJK character: the chunk is 中中中.
    const encoder = ourEncoder('o200k_base');
    const text = `中中中${'A'.repeat(3 * CHUNK_END_STEP)}`;
    const steps = LongChunkSteps.at(encoder, new StringSource(text), 0, true);
    assert.ok(steps, 'not known to be short after the first look');
    let count = 0;
    while (!steps.step()) count++;
    assert.ok(count >= 2, `found over several steps (${count})`);
    assert.equal(steps.end, 3);
    const expected = encoder.tokenize('中中中');
    assert.deepEqual(Array.from(steps.tokens.ids.subarray(0, steps.tokens.count)), Array.from(expected.ids.subarray(0, expected.count)));
    assert.deepEqual(Array.from(steps.tokens.ends.subarray(0, steps.tokens.count)), Array.from(expected.ends.subarray(0, expected.count)));
  });

  it('o200k_base: a long chunk whose end the first look already finds is cut there, not merged with the text after it', () => {
    // 5,000 emoji are 10,000 UTF-16 units (past LONG_CHUNK) but fewer code points than the first look reads.
    const encoder = ourEncoder('o200k_base');
    const chunk = '🍓'.repeat(5000);
    const text = `${chunk} and the words after it`;
    const steps = LongChunkSteps.at(encoder, new StringSource(text), 0, true);
    assert.ok(steps, 'a long chunk');
    while (!steps.step()) {
      /* next window */
    }
    assert.equal(steps.end, chunk.length);
    const expected = encoder.tokenize(chunk);
    assert.deepEqual(Array.from(steps.tokens.ids.subarray(0, steps.tokens.count)), Array.from(expected.ids.subarray(0, expected.count)));
  });
});
