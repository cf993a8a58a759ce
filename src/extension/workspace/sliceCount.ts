/** Counting a text on the extension host without blocking it: 8 ms slices, yielding to the event loop between them. */
import { StringSource } from '../../core/incremental/restart';
import { ProgressiveCounter } from '../../core/incremental/scan';
import type { EncodeOptions, Encoder } from '../../core/tokenizer';

const SLICE_MS = 8;
const STEP_CHARS = 4096;

/** The text's token count, or undefined once `isCancelled` says so. */
export async function countInSlices(encoder: Encoder, text: string, options: EncodeOptions | undefined, isCancelled: () => boolean): Promise<number | undefined> {
  const counter = new ProgressiveCounter(encoder, options);
  const source = new StringSource(text);
  for (;;) {
    if (isCancelled()) return undefined;
    const deadline = performance.now() + SLICE_MS;
    let done = false;
    while (!done && performance.now() < deadline) done = counter.advance(source, STEP_CHARS);
    if (done) return counter.count;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
