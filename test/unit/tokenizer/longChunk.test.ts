/**
 * Long single chunks merge in windows: ids equal tiktoken (WASM), each step's work is bounded,
 * and the windowed merge equals merging the chunk whole.
 */
import * as assert from 'node:assert/strict';
import { get_encoding, type Tiktoken as WasmTiktoken } from 'tiktoken';
import { ENCODING_NAMES, type EncodingName, TokenBuffer } from '../../../src/core/tokenizer';
import { Recording } from '../../../src/core/tokenizer/tokenBuffer';
import { StepResult } from '../../../src/core/tokenizer/longChunk';
import { ourEncoder } from '../../support/encoders';
import { Random } from '../../support/random';

/** Single-chunk texts of `length` characters that make BPE work hard. */
function longChunks(length: number, random: Random): Record<string, string> {
  const build = (make: () => string) => {
    let text = '';
    while (text.length < length) text += make();
    return text.slice(0, length);
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const cjk = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年';
  return {
    'a × n': 'a'.repeat(length),
    'z × n': 'z'.repeat(length),
    'abc repeated': build(() => 'abc'),
    'ab repeated': build(() => 'ab'),
    'the repeated': build(() => 'the'),
    'random lowercase letters': build(() => letters[random.int(letters.length)]),
    'random letters, two kinds': build(() => 'ab'[random.int(2)]),
    'base64 letters and digits': build(() => base64[random.int(base64.length)]),
    'CJK without spaces': build(() => cjk[random.int(cjk.length)]),
    'é × n': 'é'.repeat(length),
    'emoji × n': build(() => '😀'),
    'spaces × n': ' '.repeat(length),
    'newlines × n': '\n'.repeat(length),
    'tabs and spaces': build(() => ' \t'[random.int(2)]),
    'punctuation × n': '!'.repeat(length),
    'mixed punctuation': build(() => '!?.-=*#'[random.int(7)]),
  };
}

/** Ids of `text`, every pre-tokenizer chunk merged in windows; `steps` counts the windows of the longest chunk. */
function windowedIds(name: EncodingName, text: string, window: number, overlap: number): { ids: number[]; steps: number } {
  const encoder = ourEncoder(name);
  const merger = encoder.createLongChunkMerger({ window, overlap });
  const out = new TokenBuffer(256, Recording.Ids);
  const chunker = encoder.createChunker();
  chunker.reset(text, 0);
  let most = 0;
  for (let start = 0, end = chunker.next(); end !== -1; start = end, end = chunker.next()) {
    merger.begin(text, start, end, out, 0);
    let steps = 1;
    let result = merger.step();
    while (result === StepResult.More) {
      result = merger.step();
      steps++;
    }
    assert.equal(result, StepResult.Done, `windows always shared a token: ${JSON.stringify(text.slice(start, Math.min(end, start + 80)))} (${end - start}), window ${window}`);
    most = Math.max(most, steps);
  }
  return { ids: out.idList(), steps: most };
}

describe('long chunks: windowed merge equals tiktoken (WASM)', function () {
  this.timeout(300_000);
  const wasm = new Map<EncodingName, WasmTiktoken>();
  after(() => wasm.forEach((encoding) => encoding.free()));

  for (const name of ENCODING_NAMES) {
    it(`${name}: small windows over 6,000-character single chunks`, () => {
      const oracle = wasm.get(name) ?? get_encoding(name);
      wasm.set(name, oracle);
      for (const [kind, text] of Object.entries(longChunks(6_000, new Random(21)))) {
        const expected = Array.from(oracle.encode(text, [], []));
        for (const [window, overlap] of [[512, 160], [1024, 300], [2048, 600]]) {
          const { ids, steps } = windowedIds(name, text, window, overlap);
          assert.ok(steps > 3 || kind.includes('base64') || kind.includes('tabs'), `${kind}: several windows (${steps})`);
          if (ids.length !== expected.length || ids.some((id, k) => id !== expected[k])) {
            assert.deepEqual(ids, expected, `${name}: ${kind}, window ${window}, overlap ${overlap}`);
          }
        }
      }
    });
  }
});

describe('long chunks: windowed merge equals merging the chunk whole', function () {
  this.timeout(300_000);

  for (const name of ENCODING_NAMES) {
    it(`${name}: ids and spans of 100,000-character single chunks`, () => {
      const encoder = ourEncoder(name);
      for (const [kind, text] of Object.entries(longChunks(100_000, new Random(5)))) {
        const windowed = encoder.tokenize(text);
        const whole = new TokenBuffer(1024);
        encoder.encodeChunkWhole(text, 0, text.length, whole, 0);
        // Chunks split by the pre-tokenizer (base64 digits) are not single chunks: compare their first chunk only.
        const chunker = encoder.createChunker();
        chunker.reset(text, 0);
        if (chunker.next() !== text.length) continue;
        assert.equal(windowed.count, whole.count, `${name}: ${kind}: token count`);
        for (let i = 0; i < whole.count; i++) {
          if (windowed.ids[i] !== whole.ids[i] || windowed.starts[i] !== whole.starts[i] || windowed.ends[i] !== whole.ends[i]) {
            assert.fail(`${name}: ${kind}: token ${i} is ${windowed.ids[i]} [${windowed.starts[i]}, ${windowed.ends[i]}), whole merge says ${whole.ids[i]} [${whole.starts[i]}, ${whole.ends[i]})`);
          }
        }
      }
    });
  }
});

describe('long chunks: the work a fresh process does', () => {
  it('a 20,000-letter chunk hands byte-pair merging under 6 KB: a short window merged once, its repeats remembered', () => {
    const encoder = ourEncoder('o200k_base');
    const text = 'a'.repeat(20_000);
    // A merger of its own: nothing remembered from other tests.
    const merger = encoder.createLongChunkMerger();
    const before = encoder.mergeWork.merged;
    merger.begin(text, 0, text.length, new TokenBuffer(0, Recording.Count), 0);
    let result = merger.step();
    while (result === StepResult.More) result = merger.step();
    assert.equal(result, StepResult.Done);
    const work = encoder.mergeWork.merged - before;
    assert.ok(work < 6 * 1024, `merged ${work} bytes`);
  });
});
