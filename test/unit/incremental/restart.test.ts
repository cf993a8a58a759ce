/**
 * Where a cut-off text can be trusted: the trailing run of one character class ends where
 * the regular expressions the patterns use say it does, for every UTF-16 unit.
 */
import * as assert from 'node:assert/strict';
import { certainBoundaryBefore, restartThreshold, StringSource, trustedEnd } from '../../../src/core/incremental/restart';
import type { TextTokenizer } from '../../../src/core/tokenizer';

/** trustedEnd and restartThreshold read only the longest special token of the tokenizer. */
const noSpecials = { longestSpecialToken: 0 } as TextTokenizer;
const MARGIN = 16;

/** The class the run scan must give a unit, by the regular expressions themselves. */
function regexClass(unit: string): string {
  if (/[\p{L}\p{M}]/u.test(unit)) return 'letter';
  if (/\p{N}/u.test(unit)) return 'digit';
  if (/\s/u.test(unit)) return 'space';
  return 'other';
}

/** One unit of each class, to put before the unit under test. */
const representatives: Record<string, string> = { letter: 'x', digit: '7', space: ' ', other: '.' };

describe('restart points', () => {
  it('ends a trailing run where [\\p{L}\\p{M}], \\p{N} and \\s end it, for every UTF-16 unit', () => {
    const lead = MARGIN + 4;
    for (let code = 0x80; code <= 0xffff; code++) {
      const unit = String.fromCharCode(code);
      const expected = regexClass(unit);
      for (const [name, before] of Object.entries(representatives)) {
        const text = before.repeat(lead) + unit + unit;
        // Same class: the run reaches back to the start, so nothing is trusted; otherwise it starts at `lead`.
        const want = name === expected ? 0 : lead - MARGIN;
        if (trustedEnd(text, noSpecials) !== want) assert.fail(`U+${code.toString(16)} (${expected}) after ${name}: trustedEnd ${trustedEnd(text, noSpecials)}, expected ${want}`);
        const threshold = restartThreshold(new StringSource(text), text.length, noSpecials);
        if (threshold !== want) assert.fail(`U+${code.toString(16)} (${expected}) after ${name}: restartThreshold ${threshold}, expected ${want}`);
      }
    }
  });

  it('finds a certain chunk start only at a line that does not begin with whitespace or a slash', () => {
    // Looking back 4 units from offset 8: only the line start at 7 is in reach.
    assert.equal(certainBoundaryBefore(new StringSource('zzzzab\ncd'), 8, 4), 7);
    assert.equal(certainBoundaryBefore(new StringSource('zzzzab\n\u3000d'), 8, 4), -1);
    assert.equal(certainBoundaryBefore(new StringSource('zzzzab\n/d'), 8, 4), -1);
  });
});
