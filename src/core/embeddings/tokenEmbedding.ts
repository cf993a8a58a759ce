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
   * enters inside attention); undefined otherwise when there is no position vector, and past the context.
   */
  readonly inputVector: Float32Array | undefined;
  /** True when the position lies beyond the context window: the model never sees this token. */
  readonly outsideContext: boolean;
}

/**
 * `contextLength`: where the model stops reading, when the caller knows it better than the source's
 * shape (a rotary model has no position table, but its config gives its window).
 */
export async function embedToken(source: EmbeddingSource, id: number, position: number, contextLength = source.shape.contextLength): Promise<TokenEmbedding> {
  checkPosition(position);
  const [wordVector, positionVector] = await Promise.all([source.wordVector(id), source.positionVector(position)]);
  const outsideContext = !insideContext(position, { contextLength });
  return {
    id,
    position,
    wordVector,
    positionVector,
    // Past the window the model receives nothing, not even a rotary model's word vector.
    inputVector: outsideContext ? undefined : positionVector ? addVectors(wordVector, positionVector) : source.positionKind === 'rotary' ? wordVector : undefined,
    outsideContext,
  };
}

/** Embeds `ids` as one sequence, the first at `firstPosition`; `contextLength` as for embedToken. */
export function embedTokens(source: EmbeddingSource, ids: ArrayLike<number>, firstPosition = 0, contextLength = source.shape.contextLength): Promise<TokenEmbedding[]> {
  return Promise.all(Array.from(ids, (id, index) => embedToken(source, id, firstPosition + index, contextLength)));
}
