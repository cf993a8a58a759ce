/**
 * The token strip: the text as tokens, coloured like the editor (token k: colour k % 8, a chat's
 * framing in its own colour), with whitespace made visible. A listbox for screen readers; every token is set as text, never markup.
 */
import type { PanelToken } from '../protocol';

export interface StripEvents {
  /** A token was clicked, or Enter pressed on the active one. */
  select(local: number): void;
  /** Arrow keys or a click made a token active. */
  activate(local: number): void;
  /** The pointer is over a token (undefined: over none). */
  point(local: number | undefined): void;
}

/** More line breaks than this in one token are shown as marks only. */
const MAX_BREAKS = 2;

export class Strip {
  private elements: HTMLElement[] = [];
  private active: number | undefined;
  private highlighted: ReadonlySet<number> = new Set();

  constructor(
    private readonly container: HTMLElement,
    private readonly describe: (token: PanelToken) => string,
    private readonly events: StripEvents,
  ) {
    container.addEventListener('click', (event) => {
      const local = this.tokenAt(event.target);
      if (local === undefined) return;
      this.events.activate(local);
      this.events.select(local);
    });
    container.addEventListener('mouseover', (event) => this.events.point(this.tokenAt(event.target)));
    container.addEventListener('mouseleave', () => this.events.point(undefined));
    container.addEventListener('keydown', (event) => this.key(event));
  }

  render(tokens: readonly PanelToken[]): void {
    const fragment = document.createDocumentFragment();
    this.elements = tokens.map((token, local) => {
      const element = document.createElement('span');
      element.id = `token-${local}`;
      element.className = token.special ? 'token special' : `token t${token.index % 8}`;
      if (token.partial) element.classList.add('partial');
      if (token.framing) element.classList.add('framing');
      element.setAttribute('role', 'option');
      element.setAttribute('aria-selected', 'false');
      element.setAttribute('aria-label', this.describe(token));
      element.dataset.local = String(local);
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = token.text;
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = String(token.id);
      id.setAttribute('aria-hidden', 'true');
      element.append(text, id);
      fragment.append(element);
      for (let i = 0; i < Math.min(token.lineBreaks, MAX_BREAKS); i++) fragment.append(document.createElement('br'));
      return element;
    });
    this.container.replaceChildren(fragment);
    this.container.removeAttribute('aria-activedescendant');
    this.active = undefined;
    this.highlighted = new Set();
  }

  setActive(local: number | undefined, scroll = true): void {
    if (this.active !== undefined) this.elements[this.active]?.classList.remove('active');
    if (this.active !== undefined) this.elements[this.active]?.setAttribute('aria-selected', 'false');
    this.active = local;
    const element = local === undefined ? undefined : this.elements[local];
    if (!element) {
      this.container.removeAttribute('aria-activedescendant');
      return;
    }
    element.classList.add('active');
    element.setAttribute('aria-selected', 'true');
    this.container.setAttribute('aria-activedescendant', element.id);
    if (scroll) element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  setHighlighted(highlighted: ReadonlySet<number>): void {
    for (const local of this.highlighted) this.elements[local]?.classList.remove('highlighted');
    for (const local of highlighted) this.elements[local]?.classList.add('highlighted');
    this.highlighted = highlighted;
    const first = Math.min(...highlighted);
    if (Number.isFinite(first)) this.elements[first]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private tokenAt(target: EventTarget | null): number | undefined {
    const element = target instanceof Element ? target.closest<HTMLElement>('.token') : null;
    const local = element ? Number(element.dataset.local) : NaN;
    return Number.isInteger(local) ? local : undefined;
  }

  private key(event: KeyboardEvent): void {
    const count = this.elements.length;
    if (count === 0) return;
    const current = this.active ?? -1;
    const moves: Record<string, number> = {
      ArrowRight: current + 1,
      ArrowDown: current + 1,
      ArrowLeft: current - 1,
      ArrowUp: current - 1,
      Home: 0,
      End: count - 1,
      PageDown: current + 20,
      PageUp: current - 20,
    };
    if (event.key in moves) {
      event.preventDefault();
      this.events.activate(Math.min(count - 1, Math.max(0, moves[event.key])));
    } else if ((event.key === 'Enter' || event.key === ' ') && this.active !== undefined) {
      event.preventDefault();
      this.events.select(this.active);
    }
  }
}
