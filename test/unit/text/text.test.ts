import * as assert from 'node:assert/strict';
import { Utf8StreamDecoder, decodeUtf8Lenient, looksBinary } from '../../../src/core/text/decode';
import { coverChanges } from '../../../src/core/text/edits';
import { isWhitespaceOnly, visibleWhitespace } from '../../../src/core/text/visible';
import { contextWindow } from '../../../src/core/tokenizer/contextWindows';
import { divergingColour, heatStripSvg, largestMagnitude } from '../../../src/core/render/heatStrip';

describe('text helpers', () => {
  it('decodes UTF-8 leniently and counts invalid sequences', () => {
    assert.deepEqual(decodeUtf8Lenient(new Uint8Array([0x61, 0xff, 0x62, 0xe4, 0xbd])), { text: 'a\ufffdb\ufffd', invalidSequences: 2 });
    assert.deepEqual(decodeUtf8Lenient(new TextEncoder().encode('ok \ufffd')), { text: 'ok \ufffd', invalidSequences: 0 });
    assert.equal(decodeUtf8Lenient(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).text, 'A', 'BOM dropped');
  });

  it('decodes UTF-8 in pieces cut anywhere, with the same text and invalid count as in one piece', () => {
    const bytes = Uint8Array.from([
      0xef, 0xbb, 0xbf, // BOM, dropped
      ...new TextEncoder().encode('a中😀'),
      0xff, // invalid
      0xef, 0xbf, 0xbd, // an encoded U+FFFD: valid
      0xef, 0xef, 0xbf, 0xef, 0xbf, 0xbd, // EF, EF BF (both cut short: invalid), then an encoded U+FFFD
      0xef, 0xbf, 0xbf, // U+FFFF: valid, not U+FFFD
      0xe4, 0xbd, // truncated 3-byte sequence before a letter: invalid
      0x62,
      0xf0, 0x9f, // truncated at the end: invalid
    ]);
    const whole = decodeUtf8Lenient(bytes);
    assert.equal(whole.invalidSequences, 5);
    for (let size = 1; size <= bytes.length; size++) {
      const decoder = new Utf8StreamDecoder();
      let text = '';
      for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
      text += decoder.end();
      assert.deepEqual({ text, invalidSequences: decoder.invalidSequences }, whole, `pieces of ${size} bytes`);
    }
  });

  it('tells binary from text by a NUL byte', () => {
    assert.equal(looksBinary(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])), true);
    assert.equal(looksBinary(new TextEncoder().encode('plain text 你好')), false);
  });

  it('makes whitespace and invisible characters visible', () => {
    assert.equal(visibleWhitespace(' a\tb\r\n\u00a0\u200b'), '·a→b␍↵⍽\\u{200B}');
    assert.equal(visibleWhitespace('<img src=x>'), '<img·src=x>');
    assert.equal(isWhitespaceOnly(' \n\t'), true);
    assert.equal(isWhitespaceOnly(' a'), false);
    assert.equal(isWhitespaceOnly(''), false);
  });

  it('covers simultaneous changes with one change', () => {
    // "hello world": replace "h" by "J" at 0 and insert "!" at 11, given in original offsets.
    assert.deepEqual(
      coverChanges([
        { offset: 11, removed: 0, insertedText: '!' },
        { offset: 0, removed: 1, insertedText: 'J' },
      ]),
      { offset: 0, removed: 11, inserted: 12 },
    );
    assert.deepEqual(coverChanges([]), { offset: 0, removed: 0, inserted: 0 });
  });

  it('knows the context windows of well-known models', () => {
    assert.equal(contextWindow('gpt-2').tokens, 1024);
    assert.equal(contextWindow('gpt-3').tokens, 2048);
    assert.equal(contextWindow('gpt-4o').tokens, 128_000);
    assert.equal(contextWindow('no such model').id, 'gpt-4o');
  });

  it('draws a vector as a diverging heat strip', () => {
    assert.equal(divergingColour(0, 1), '#f7f7f7');
    assert.equal(divergingColour(-1, 1), '#2166ac');
    assert.equal(divergingColour(5, 1), '#b2182b', 'clamped');
    const svg = heatStripSvg(Float32Array.from({ length: 768 }, (_, i) => Math.sin(i)), { maxCells: 100 });
    assert.equal((svg.match(/<rect /g) ?? []).length, 100);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('draws ±Infinity at the full end colours and NaN in grey, scaled by the finite values', () => {
    const svg = heatStripSvg([Infinity, -Infinity, Number.NaN, 0.5, -1]);
    const fills = [...svg.matchAll(/fill="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(fills, ['#b2182b', '#2166ac', '#808080', divergingColour(0.5, 1), '#2166ac']);
    assert.equal(largestMagnitude([Number.NaN, -Infinity, 2, -3]), 3);
  });
});
