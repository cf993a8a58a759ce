/**
 * Where a SentencePiece-style word may be cut before "▁" without changing its tokens, found once
 * per load from the merges.
 */
import type { PipelineSpec, Rewrite } from './spec';
import type { JoinedMergeData } from './joinedMerges';
import type { VocabularyData } from './vocabulary';

export interface WordBreak {
  /** The space marker's UTF-16 unit. */
  readonly marker: number;
  /** Code points after which a cut before the marker could split a merge. */
  readonly unsafeBefore: ReadonlySet<number>;
}

/**
 * A cut between character X and "▁" changes nothing when no merge joins a left part ending
 * in X to a right part starting with "▁": merges never cross it, so each side merges alone.
 * `merges`: [left, right, result] triples, or joined to the vocabulary (the cache's form).
 */
export function findWordBreak(pipeline: PipelineSpec, vocabulary: VocabularyData, merges: Int32Array | JoinedMergeData, lookupText: (text: string) => number): WordBreak | undefined {
  const { model } = pipeline;
  const markerText = spaceMarker(pipeline);
  if (model.byteLevel || model.ignoreMerges || markerText === undefined || markerText.length !== 1) return undefined;
  if (lookupText(markerText) < 0) return undefined;
  const marker = markerText.charCodeAt(0);
  const markerBytes = new TextEncoder().encode(markerText);
  const { offsets, bytes } = vocabulary;
  const size = markerBytes.length;
  const first = markerBytes[0];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const unsafeBefore = new Set<number>();
  /** Notes the merge of bytes[leftAt, leftEnd) and bytes[rightAt, rightEnd) (its right part starts with the marker's first byte); false when no cut is safe. */
  const note = (leftAt: number, leftEnd: number, rightAt: number, rightEnd: number): boolean => {
    if (rightEnd - rightAt < size) return true;
    for (let i = 1; i < size; i++) if (bytes[rightAt + i] !== markerBytes[i]) return true;
    let leftEndsInMarker = leftEnd - leftAt >= size;
    for (let i = 0; i < size && leftEndsInMarker; i++) leftEndsInMarker = bytes[leftEnd - size + i] === markerBytes[i];
    if (leftEndsInMarker) return true;
    const leftText = decoder.decode(bytes.subarray(leftAt, leftEnd));
    if (/^<0x[0-9A-F]{2}>$/.test(leftText) || leftText === model.unkToken) return false;
    const last = [...leftText].pop();
    if (last !== undefined) unsafeBefore.add(last.codePointAt(0) ?? 0);
    return true;
  };
  // Flat loops, the closure only for right parts starting as the marker: they run over every merge at every load, mostly not yet optimised.
  const pairs = merges instanceof Int32Array ? merges : merges.explicit;
  for (let i = 0; i < pairs.length; i += 3) {
    const left = pairs[i];
    const right = pairs[i + 1];
    if (bytes[offsets[right]] === first && !note(offsets[left], offsets[left + 1], offsets[right], offsets[right + 1])) return undefined;
  }
  if (!(merges instanceof Int32Array)) {
    // Listed splits: both parts lie in the token's own bytes, read in order.
    const { counts, splits } = merges;
    for (let t = 0, k = 0; t < counts.length; t++) {
      for (const end = k + counts[t]; k < end; k++) {
        const split = offsets[t] + splits[k];
        if (bytes[split] === first && !note(offsets[t], split, split, offsets[t + 1])) return undefined;
      }
    }
  }
  return { marker, unsafeBefore };
}

/** The character a rewrite puts for spaces ("▁"), if any. */
export function spaceMarker(pipeline: PipelineSpec): string | undefined {
  const replace = [...pipeline.normalizer, ...pipeline.sectionRewrites].find((rewrite): rewrite is Extract<Rewrite, { kind: 'replace' }> => rewrite.kind === 'replace' && rewrite.pattern === ' ');
  return replace?.content;
}
