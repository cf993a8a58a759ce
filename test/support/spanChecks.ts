/** Span properties every tokenizer's output must have, checked on one text. */
import * as assert from 'node:assert/strict';
import type { TokenSpans } from '../../src/core/tokenizer';

export interface SpanSource {
  tokenBytes(id: number): Uint8Array;
}

/**
 * Spans are ordered, non-empty, inside the text, never cut a surrogate pair, cover the text, and
 * each group of tokens sharing characters decodes to its slice of the text (after `normalize`).
 */
export function assertSpanProperties(tokenizer: SpanSource, text: string, spans: TokenSpans, normalize: ((text: string) => string) | 'no decode check' = (t) => t): void {
  const label = JSON.stringify(text);
  let covered = 0;
  let groupStart = 0;
  let groupEnd = 0;
  let groupBytes: number[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const flush = () => {
    if (groupBytes.length === 0 || normalize === 'no decode check') return;
    assert.equal(decoder.decode(Uint8Array.from(groupBytes)), normalize(text.slice(groupStart, groupEnd)).replace(/\p{Cs}/gu, '\ufffd'), `${label}: tokens over [${groupStart}, ${groupEnd})`);
    groupBytes = [];
  };
  for (let k = 0; k < spans.count; k++) {
    const start = spans.starts[k];
    const end = spans.ends[k];
    assert.ok(start < end && end <= text.length, `${label}: token ${k} has span [${start}, ${end})`);
    if (k > 0) assert.ok(start >= spans.starts[k - 1] && end >= spans.ends[k - 1], `${label}: token ${k} goes backwards`);
    assert.ok(start <= covered, `${label}: characters [${covered}, ${start}) are in no token`);
    assert.ok(!isLowSurrogateAfterHigh(text, start) && !isLowSurrogateAfterHigh(text, end), `${label}: token ${k} cuts a surrogate pair`);
    covered = Math.max(covered, end);
    if (start >= groupEnd) {
      flush();
      groupStart = start;
    }
    groupEnd = Math.max(groupEnd, end);
    groupBytes.push(...tokenizer.tokenBytes(spans.ids[k]));
  }
  flush();
  assert.equal(covered, text.length, `${label}: the tokens cover ${covered} of ${text.length} characters`);
}

function isLowSurrogateAfterHigh(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const high = text.charCodeAt(at - 1);
  const low = text.charCodeAt(at);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
