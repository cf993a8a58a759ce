/**
 * The editor path: a 5 MB document tokenized in 8 ms slices as the extension does it, then
 * 1,000 single-character edits at random places, each followed by the work the editor does
 * for it (update the tokens, read back the tokens of a screenful around the edit, the count).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { StringSource } from '../src/core/incremental/restart';
import { TokenizedDocument } from '../src/core/incremental/tokenizedDocument';
import { Encoder } from '../src/core/tokenizer';
import { mixedText } from './corpus';
import { ms, percentile, printTable } from './table';

export async function editorPath(root: string, quick: boolean): Promise<void> {
  const encoder = Encoder.fromRankFile(readFileSync(join(root, 'dist', 'ranks', 'o200k_base.tlr')), 'o200k_base');
  const size = quick ? 1_000_000 : 5_000_000;
  const source = new StringSource(mixedText(root, size));
  const document = new TokenizedDocument(encoder, {}, source.length);

  const mixed = await firstPass(document, source);
  // A document that is one pre-tokenizer chunk (a pasted blob, a long line of one letter).
  const blobSource = new StringSource('a'.repeat(size));
  blobSource.text.charCodeAt(size >> 1); // flat, as an editor buffer's text is (repeat() builds a rope)
  const blob = await firstPass(new TokenizedDocument(encoder, {}, blobSource.length), blobSource);
  const blobCount = encoder.count(blobSource.text);

  let seed = 99;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const characters = ['a', ' ', '\n', 'x', '.', '你', 'é', '1'];
  const times: number[] = [];
  const edits = 1000;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * source.length);
    const remove = random() < 0.3 ? 1 : 0;
    const insert = remove && random() < 0.5 ? '' : characters[Math.floor(random() * characters.length)];
    source.text = source.text.slice(0, at) + insert + source.text.slice(at + remove);
    source.text.charCodeAt(source.text.length >> 1); // flatten the string outside the timing, as an editor buffer would be
    const editStart = performance.now();
    document.applyEdit(source, at, remove, insert.length);
    let visible = 0;
    document.forEachToken(Math.max(0, at - 3000), at + 3000, () => visible++);
    void document.tokenCount;
    times.push(performance.now() - editStart);
  }
  const fresh = encoder.count(source.text);
  printTable(
    `Editor path: ${(size / 1e6).toFixed(0)} MB document, o200k_base`,
    ['measure', 'value', 'target'],
    [
      ['first pass, total (8 ms slices)', ms(mixed.total), ''],
      ['longest slice', ms(mixed.longestSlice), ''],
      ['longest event-loop block during the first pass', ms(mixed.longestBlock), '≤ 50 ms'],
      [`single-chunk document (a × ${(size / 1e6).toFixed(0)} MB): first pass, total`, ms(blob.total), ''],
      ['single-chunk document: longest event-loop block', ms(blob.longestBlock), '≤ 50 ms'],
      ['single-chunk document: count = fresh tokenization', `${blob.count === blobCount ? 'yes' : 'NO'} (${blobCount.toLocaleString('en-US')})`, ''],
      [`per edit, p50 (${edits} single-character edits)`, ms(percentile(times, 50)), ''],
      ['per edit, p95', ms(percentile(times, 95)), '≤ 10 ms'],
      ['per edit, max', ms(Math.max(...times)), ''],
      ['count after the edits = fresh tokenization', `${document.tokenCount === fresh ? 'yes' : 'NO'} (${fresh.toLocaleString('en-US')})`, ''],
    ],
  );
}

/** The first pass in 8 ms slices, as the extension steps it, with the event loop's longest block. */
async function firstPass(document: TokenizedDocument, source: StringSource) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let longestSlice = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const step = () => {
      const sliceStart = performance.now();
      let done = false;
      while (!done && performance.now() - sliceStart < 8) done = document.advance(source, 4096); // as the extension steps it
      longestSlice = Math.max(longestSlice, performance.now() - sliceStart);
      if (done) resolve();
      else setTimeout(step, 0);
    };
    setTimeout(step, 0);
  });
  const total = performance.now() - started;
  delay.disable();
  return { total, longestSlice, longestBlock: delay.max / 1e6, count: document.tokenCount };
}
