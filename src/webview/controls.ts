/** The plot's toolbar (vector kind, method, zoom, export) and its status line (progress, cancel, variance). */
import { PROJECTION_METHODS, VECTOR_KINDS, type ProjectionMethod, type VectorKind, type ViewSettings } from '../protocol';
import { byId } from './summary';

export interface ControlEvents {
  view(view: ViewSettings): void;
  zoom(factor: number): void;
  home(): void;
  exportPlot(format: 'svg' | 'png'): void;
  cancel(): void;
}

export class Controls {
  private readonly status = byId('status');
  private readonly progress = byId<HTMLProgressElement>('progress');
  private readonly cancelButton = byId('cancel');
  private readonly kinds = [...byId('kinds').querySelectorAll<HTMLButtonElement>('button[data-kind]')];
  private readonly methods = [...byId('methods').querySelectorAll<HTMLButtonElement>('button[data-method]')];
  private current: ViewSettings;

  constructor(view: ViewSettings, events: ControlEvents) {
    this.current = view;
    for (const button of this.kinds) {
      button.addEventListener('click', () => {
        const kind = VECTOR_KINDS.find((candidate) => candidate === button.dataset.kind);
        if (kind && kind !== this.current.kind) events.view(this.set({ ...this.current, kind }));
      });
    }
    for (const button of this.methods) {
      button.addEventListener('click', () => {
        const method = PROJECTION_METHODS.find((candidate) => candidate === button.dataset.method);
        // Choosing the current method again restarts it (after a cancel, say).
        if (method) events.view(this.set({ ...this.current, method }));
      });
    }
    byId('zoom-in').addEventListener('click', () => events.zoom(1.25));
    byId('zoom-out').addEventListener('click', () => events.zoom(0.8));
    byId('reset-view').addEventListener('click', () => events.home());
    byId('export-svg').addEventListener('click', () => events.exportPlot('svg'));
    byId('export-png').addEventListener('click', () => events.exportPlot('png'));
    this.cancelButton.addEventListener('click', () => events.cancel());
    this.set(view);
  }

  get view(): ViewSettings {
    return this.current;
  }

  set(view: ViewSettings): ViewSettings {
    this.current = view;
    const press = (buttons: HTMLButtonElement[], attribute: string, value: VectorKind | ProjectionMethod) =>
      buttons.forEach((button) => button.setAttribute('aria-pressed', String(button.dataset[attribute] === value)));
    press(this.kinds, 'kind', view.kind);
    press(this.methods, 'method', view.method);
    return view;
  }

  /** A running projection: progress bar and cancel button. */
  showProgress(text: string, fraction: number): void {
    this.status.textContent = text;
    this.progress.hidden = false;
    this.progress.value = fraction;
    this.cancelButton.hidden = false;
  }

  showStatus(text: string): void {
    this.status.textContent = text;
    this.progress.hidden = true;
    this.cancelButton.hidden = true;
  }
}
