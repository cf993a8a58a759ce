/** The vector a Transformer receives for one token: its word row plus its position row. */
import { type EmbeddingSource, checkPosition, insideContext } from './source';
import { addVectors } from './vectorMath';

export interface TokenEmbedding {
  readonly id: number;
  readonly position: number;
  readonly wordVector: Float32Array;
  /** Undefined outside the context, or when nothing is added (rotary, none). */
  readonly positionVector: Float32Array | undefined;
  /**
   * wordVector + positionVector, element-wise; for rotary models the word vector itself (position
   * enters inside attention); undefined otherwise when there is no position vector.
   */
  readonly inputVector: Float32Array | undefined;
  /** True when the position lies beyond the context window: the model never sees this token. */
  readonly outsideContext: boolean;
}

export async function embedToken(source: EmbeddingSource, id: number, position: number): Promise<TokenEmbedding> {
  checkPosition(position);
  const [wordVector, positionVector] = await Promise.all([source.wordVector(id), source.positionVector(position)]);
  return {
    id,
    position,
    wordVector,
    positionVector,
    inputVector: positionVector ? addVectors(wordVector, positionVector) : source.positionKind === 'rotary' ? wordVector : undefined,
    outsideContext: !insideContext(position, source.shape),
  };
}

/** Embeds `ids` as one sequence, the first at `firstPosition`. */
export function embedTokens(source: EmbeddingSource, ids: ArrayLike<number>, firstPosition = 0): Promise<TokenEmbedding[]> {
  return Promise.all(Array.from(ids, (id, index) => embedToken(source, id, firstPosition + index)));
}
