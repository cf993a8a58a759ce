import * as assert from 'node:assert/strict';
import { InMemoryEmbeddings, InitialWeights, embedToken, embedTokens } from '../../../src/core/embeddings';
import { patternMatrix } from './helpers';
import { llamaFile, localCopy } from '../hub/modelFiles';

describe('token embeddings (word + position)', () => {
  const words = patternMatrix(10, 4, 0.1);
  const positions = patternMatrix(3, 4, 0.01);
  const source = new InMemoryEmbeddings({ name: 'fixture', dimension: 4, wordMatrix: words, positionMatrix: positions });

  it('adds the word row of the id and the position row of the position', async () => {
    const token = await embedToken(source, 7, 2);
    assert.deepEqual(Array.from(token.wordVector), Array.from(words.subarray(28, 32)));
    assert.deepEqual(Array.from(token.positionVector ?? []), Array.from(positions.subarray(8, 12)));
    const expected = Array.from({ length: 4 }, (_, i) => Math.fround(words[28 + i] + positions[8 + i]));
    assert.deepEqual(Array.from(token.inputVector ?? []), expected);
    assert.equal(token.outsideContext, false);
  });

  it('numbers positions from firstPosition and marks tokens outside the context', async () => {
    const tokens = await embedTokens(source, [1, 2, 3], 1);
    assert.deepEqual(tokens.map((t) => t.position), [1, 2, 3]);
    assert.deepEqual(tokens.map((t) => t.outsideContext), [false, false, true]);
    assert.equal(tokens[2].positionVector, undefined);
    assert.equal(tokens[2].inputVector, undefined);
  });

  it('has no input vector when nothing is added (no position table)', async () => {
    const bare = new InMemoryEmbeddings({ name: 'bare', dimension: 4, wordMatrix: words });
    const token = await embedToken(bare, 1, 5000);
    assert.equal(bare.positionKind, 'none');
    assert.equal(token.inputVector, undefined);
    assert.equal(token.outsideContext, false);
  });

  it('rotary positions: no position vector, and the input vector is the word vector itself', async () => {
    const llama = await localCopy(llamaFile());
    const token = await embedToken(llama, 321, 4000);
    assert.equal(llama.positionKind, 'rotary');
    assert.equal(token.positionVector, undefined);
    assert.deepEqual(Array.from(token.inputVector ?? []), Array.from(await llama.wordVector(321)));
  });

  it("rotary positions past the model's own window: outside the context, and no input vector (the model never sees it)", async () => {
    const llama = await localCopy(llamaFile());
    const [inside, outside] = await Promise.all([embedToken(llama, 321, 4095, 4096), embedToken(llama, 321, 4096, 4096)]);
    assert.deepEqual([inside.outsideContext, outside.outsideContext], [false, true]);
    assert.deepEqual(Array.from(inside.inputVector ?? []), Array.from(await llama.wordVector(321)));
    assert.equal(outside.inputVector, undefined);
    assert.equal(outside.positionVector, undefined);
    assert.deepEqual(Array.from(outside.wordVector), Array.from(await llama.wordVector(321)), 'the word row is still shown');
    const sequence = await embedTokens(llama, [321, 322], 4095, 4096);
    assert.deepEqual(sequence.map((token) => [token.outsideContext, token.inputVector !== undefined]), [[false, true], [true, false]], 'embedTokens reads up to the same window');
  });

  it('sums exactly for initial weights too', async () => {
    const initial = new InitialWeights({ vocabularySize: 100, dimension: 64, contextLength: 8, seed: 9 });
    const token = await embedToken(initial, 42, 7);
    const word = await initial.wordVector(42);
    const position = (await initial.positionVector(7)) as Float32Array;
    token.inputVector?.forEach((v, i) => assert.equal(v, Math.fround(word[i] + position[i])));
  });

  it('rejects bad ids and positions', async () => {
    await assert.rejects(embedToken(source, 10, 0), /token id 10 is outside/);
    await assert.rejects(embedToken(source, 0, -2), /position -2/);
  });

  it('in-memory source copies rows, into a caller buffer when given', async () => {
    const copy = await source.wordRows(2, 2);
    copy[0] = 99;
    assert.notEqual(words[8], 99, 'the matrix must not be handed out');
    const buffer = new Float32Array(12);
    assert.deepEqual(Array.from(await source.wordRows(2, 2, buffer)), Array.from(words.subarray(8, 16)));
    assert.deepEqual(Array.from(buffer.subarray(0, 8)), Array.from(words.subarray(8, 16)));
  });

  it('in-memory source rejects a matrix that does not divide into rows', () => {
    assert.throws(
      () => new InMemoryEmbeddings({ name: 'odd', dimension: 3, wordMatrix: new Float32Array(10) }),
      /odd: word matrix has 10 values, not a multiple of the dimension 3/,
    );
  });
});
