import { StringSource } from '../../core/incremental/restart';
import { ProgressiveCounter } from '../../core/incremental/scan';
import type { EncodeOptions } from '../../core/tokenizer';
import type { TextTokenizer } from '../../core/tokenizer/textTokenizer';

/** How long one slice of background work may hold the extension host, which every extension shares. */
export const SLICE_MS = 8;
/** Text per step inside a slice: small, so the time budget is checked often even before the JIT warms up. */
export const STEP_CHARS = 4096;

/**
 * Calls `step` (true once the work is done) for at most SLICE_MS at a time, yielding to the event
 * loop between slices. Resolves true when done, false as soon as `stopped()` says so.
 */
export function inSlices(step: () => boolean, stopped: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const slice = () => {
      if (stopped()) return resolve(false);
      const deadline = performance.now() + SLICE_MS;
      let done = false;
      while (!done && performance.now() < deadline) done = step();
      if (done) resolve(true);
      else setTimeout(slice, 0);
    };
    setTimeout(slice, 0);
  });
}

/** The text's token count, counted in slices; undefined once `isCancelled` says so. */
export async function countInSlices(tokenizer: TextTokenizer, text: string, options: EncodeOptions | undefined, isCancelled: () => boolean): Promise<number | undefined> {
  const counter = new ProgressiveCounter(tokenizer, options);
  const source = new StringSource(text);
  return (await inSlices(() => counter.advance(source, STEP_CHARS), isCancelled)) ? counter.count : undefined;
}
