/** The webview's side of the protocol: a typed `post`, and a listener that drops malformed messages and says so. */
import { cutText } from '../core/text/cut';
import { type FromWebview, PROTOCOL_LIMITS, type ToWebview } from '../protocol';
import { checkToWebview } from '../protocolCheck';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page. */
export const vscode: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebview): void {
  vscode.postMessage(message);
}

/** Calls `handle` with each valid message from the extension host; others are ignored, and the host is told why. */
export function onMessage(handle: (message: ToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const checked = checkToWebview(event.data);
    if (!checked.ok) {
      console.warn(`Token Lens panel: ignored a message: ${checked.error}`);
      post({ type: 'rejected', error: cutText(checked.error, PROTOCOL_LIMITS.text) });
      return;
    }
    handle(checked.message);
  });
}
