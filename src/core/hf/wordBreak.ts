/**
 * Where a SentencePiece-style word may be cut before "▁" without changing its tokens, found once
 * per load from the merges.
 */
import type { PipelineSpec, Rewrite } from './spec';
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
 */
export function findWordBreak(pipeline: PipelineSpec, vocabulary: VocabularyData, lookupText: (text: string) => number): WordBreak | undefined {
  const { model } = pipeline;
  const markerText = spaceMarker(pipeline);
  if (model.byteLevel || model.ignoreMerges || markerText === undefined || markerText.length !== 1) return undefined;
  if (lookupText(markerText) < 0) return undefined;
  const marker = markerText.charCodeAt(0);
  const markerBytes = new TextEncoder().encode(markerText);
  const { merges, offsets, bytes } = vocabulary;
  const size = markerBytes.length;
  const first = markerBytes[0];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const unsafeBefore = new Set<number>();
  // One flat loop without closures: it runs over every merge at every load, mostly not yet optimised.
  for (let rank = 0, end = merges.length; 3 * rank < end; rank++) {
    const right = merges[3 * rank + 1];
    const rightAt = offsets[right];
    if (bytes[rightAt] !== first || offsets[right + 1] - rightAt < size) continue;
    let rightHasMarker = true;
    for (let i = 1; i < size && rightHasMarker; i++) rightHasMarker = bytes[rightAt + i] === markerBytes[i];
    if (!rightHasMarker) continue;
    const left = merges[3 * rank];
    const leftAt = offsets[left];
    const leftEnd = offsets[left + 1];
    let leftEndsInMarker = leftEnd - leftAt >= size;
    for (let i = 0; i < size && leftEndsInMarker; i++) leftEndsInMarker = bytes[leftEnd - size + i] === markerBytes[i];
    if (leftEndsInMarker) continue;
    const leftText = decoder.decode(bytes.subarray(leftAt, leftEnd));
    if (/^<0x[0-9A-F]{2}>$/.test(leftText) || leftText === model.unkToken) return undefined;
    const last = [...leftText].pop();
    if (last !== undefined) unsafeBefore.add(last.codePointAt(0) ?? 0);
  }
  return { marker, unsafeBefore };
}

/** The character a rewrite puts for spaces ("▁"), if any. */
export function spaceMarker(pipeline: PipelineSpec): string | undefined {
  const replace = [...pipeline.normalizer, ...pipeline.sectionRewrites].find((rewrite): rewrite is Extract<Rewrite, { kind: 'replace' }> => rewrite.kind === 'replace' && rewrite.pattern === ' ');
  return replace?.content;
}
