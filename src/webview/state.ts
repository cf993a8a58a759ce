/** What the panel remembers across hide/show and window reloads, through the webview's getState/setState. */
import { DEFAULT_VIEW, PROJECTION_METHODS, VECTOR_KINDS, type ViewSettings } from '../protocol';
import { vscode } from './messages';
import { type Camera, HOME, validCamera } from './viewport';

export interface PanelState {
  readonly view: ViewSettings;
  readonly camera: Camera;
  readonly showIds: boolean;
}

const DEFAULT_STATE: PanelState = { view: DEFAULT_VIEW, camera: HOME, showIds: false };

/** The saved state, each part checked (it may come from an older version of the panel). */
export function loadState(): PanelState {
  const saved = vscode.getState();
  if (typeof saved !== 'object' || saved === null) return DEFAULT_STATE;
  const { view, camera, showIds } = saved as Record<string, unknown>;
  const { kind, method } = (typeof view === 'object' && view !== null ? view : {}) as Record<string, unknown>;
  return {
    view: {
      kind: VECTOR_KINDS.find((candidate) => candidate === kind) ?? DEFAULT_STATE.view.kind,
      method: PROJECTION_METHODS.find((candidate) => candidate === method) ?? DEFAULT_STATE.view.method,
    },
    camera: validCamera(camera),
    showIds: showIds === true,
  };
}

let pending: PanelState | undefined;
let timer: number | undefined;

/** Saves the state; camera moves come at pointer speed, so unless `now` they are batched. */
export function saveState(state: PanelState, now = false): void {
  pending = state;
  if (now) {
    window.clearTimeout(timer);
    timer = undefined;
    vscode.setState(state);
    return;
  }
  if (timer !== undefined) return;
  timer = window.setTimeout(() => {
    timer = undefined;
    if (pending) vscode.setState(pending);
  }, 200);
}
