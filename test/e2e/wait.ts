// The one way the browser tests wait for something the page does not announce with an element:
// poll a condition, and on timeout say what was awaited and what was seen last. No fixed sleeps.

export interface WaitOptions {
  readonly timeoutMs?: number;
  /** What the last probe saw, for the timeout message. */
  readonly explain?: () => unknown;
  /** Errors that mean "not yet" rather than failure (a webview frame being rebuilt). */
  readonly retryOn?: RegExp;
}

/** Resolves with the first value of `probe` that is neither undefined nor false. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, explain, retryOn } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      if (!retryOn?.test(String(error))) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = explain ? `; saw ${JSON.stringify(explain())}` : '';
      const failed = lastError ? ` (last error: ${String(lastError).split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${seen}${failed}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // between probes, not instead of one
  }
}
