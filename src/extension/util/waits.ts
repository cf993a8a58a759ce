/** Waits that always end: on what they wait for, or on the first of their stops (close, cancel, dispose). */

/** A subscription, as VS Code's `Disposable`. */
export interface Subscription {
  dispose(): unknown;
}

/** An event in VS Code's shape (`vscode.Event`): subscribe a listener, get a subscription. */
export type Listen<T> = (listener: (value: T) => unknown) => Subscription;

/**
 * Settles with what `start` delivers, or with `stopped` as soon as any of `stops` fires. Every
 * subscription (`start`'s and the stops') is released when it settles, whichever way.
 */
export async function untilStopped<T, S>(
  start: (deliver: (value: T) => void, fail: (error: unknown) => void) => Subscription,
  stops: readonly Listen<unknown>[],
  stopped: S,
): Promise<T | S> {
  const held: Subscription[] = [];
  try {
    return await new Promise<T | S>((resolve, reject) => {
      held.push(start(resolve, reject));
      for (const stop of stops) held.push(stop(() => resolve(stopped)));
    });
  } finally {
    for (const subscription of held) subscription.dispose();
  }
}

/** The next value of `event` that `accept` takes, or `stopped`. */
export function nextEvent<T, S>(event: Listen<T>, accept: (value: T) => boolean, stops: readonly Listen<unknown>[], stopped: S): Promise<T | S> {
  return untilStopped<T, S>((deliver) => event((value) => accept(value) && deliver(value)), stops, stopped);
}

/** `promise`'s value, or `stopped` if a stop fires first (the promise itself cannot be released). */
export function promiseOrStop<T, S>(promise: Promise<T>, stops: readonly Listen<unknown>[], stopped: S): Promise<T | S> {
  return untilStopped<T, S>(
    (deliver, fail) => {
      let live = true;
      promise.then((value) => live && deliver(value), (error: unknown) => live && fail(error));
      return { dispose: () => (live = false) };
    },
    stops,
    stopped,
  );
}
