import * as assert from 'node:assert/strict';
import { type TokenText, tokenTexts } from '../../../src/core/tokenizer/segments';
import { ourEncoder, referenceEncoder } from '../../support/encoders';

/** The UTF-8 bytes the pieces stand for, one after another. */
function pieceBytes(pieces: readonly TokenText[]): number[] {
  return pieces.flatMap((piece) => (piece.text !== undefined ? [...new TextEncoder().encode(piece.text)] : (piece.bytes ?? '').split(' ').map((hex) => parseInt(hex, 16))));
}

describe('token texts (the chat tool split)', () => {
  it("lists js-tiktoken's ids with each token's text or bytes, together the input's bytes", () => {
    const text = 'Hello, strawberry! 你好，世界 <|endoftext|>';
    const pieces = tokenTexts(ourEncoder('cl100k_base'), text);
    assert.deepEqual(
      pieces.map((piece) => piece.id),
      referenceEncoder('cl100k_base').encode(text, [], []),
    );
    assert.ok(pieces.some((piece) => piece.text === undefined), 'cl100k_base splits 世 into bytes');
    assert.deepEqual(pieceBytes(pieces), [...new TextEncoder().encode(text)]);
  });

  it('gives the bytes in hex for tokens holding part of a character, and special tokens by their text', () => {
    const encoder = ourEncoder('r50k_base');
    const pieces = tokenTexts(encoder, '👨<|endoftext|>', { allowSpecial: true });
    const partial = pieces.filter((piece) => piece.text === undefined);
    assert.ok(partial.length > 0, JSON.stringify(pieces));
    assert.equal(partial.map((piece) => piece.bytes).join(' '), 'f0 9f 91 a8');
    assert.deepEqual(pieces[pieces.length - 1], { id: 50256, text: '<|endoftext|>' });
  });
});
