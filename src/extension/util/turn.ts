/**
 * One turn of the event loop, so queued messages (a cancel) are seen between slices of work:
 * setImmediate where Node has it, a MessageChannel tick in a browser worker (setTimeout(0) is
 * clamped to 4 ms there once nested).
 */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
const waiting: (() => void)[] = [];
/** The browser's MessagePort, as used here (Node's typings, which this file also compiles with, lack `onmessage`). */
interface Port {
  onmessage: (() => void) | null;
  postMessage(value: undefined): void;
}
let channel: { readonly port1: Port; readonly port2: Port } | undefined;

export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (immediate) {
      immediate(resolve);
      return;
    }
    if (!channel) {
      channel = new MessageChannel() as unknown as { port1: Port; port2: Port };
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    waiting.push(resolve);
    channel.port2.postMessage(undefined);
  });
}
