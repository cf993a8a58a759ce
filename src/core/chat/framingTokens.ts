/**
 * Which tokens of a chat document fall in its framing (roles, names, calls, function definitions):
 * the panel's strip draws those in the framing colour, as the editor does.
 */
import type { SourceRange } from './types';

/** For each token (document offsets), whether it overlaps a non-empty framing range. */
export function framingTokenFlags(tokens: readonly SourceRange[], parts: readonly { readonly range: SourceRange }[]): boolean[] {
  const ranges = merged(parts.map((part) => part.range));
  return tokens.map((token) => {
    // The first range that ends after the token starts: the token overlaps it if that range starts before the token ends.
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle].end <= token.start) low = middle + 1;
      else high = middle;
    }
    return low < ranges.length && ranges[low].start < token.end;
  });
}

/** The non-empty ranges sorted and joined where they touch or overlap. */
function merged(ranges: readonly SourceRange[]): SourceRange[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ start: range.start, end: range.end });
  }
  return out;
}
