/** The tooltip over a point: token, id, position, norm and nearest neighbours, all set as text. */
import type { NeighborsMessage, PanelStringKey, PanelToken } from '../protocol';
import type { NumberFormats } from './format';

export interface TooltipContent {
  readonly token: PanelToken;
  readonly norm: number | undefined;
  /** Undefined while the host looks them up. */
  readonly neighbors: NeighborsMessage | undefined;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Tooltip {
  constructor(
    private readonly container: HTMLElement,
    private readonly t: (key: PanelStringKey) => string,
    private readonly numbers: () => NumberFormats,
  ) {}

  show(content: TooltipContent, clientX: number, clientY: number): void {
    const { token, norm, neighbors } = content;
    const numbers = this.numbers();
    const head = element('div', 'tip-token');
    const swatch = element('span', token.special ? 'swatch special' : `swatch t${token.index % 8}`);
    head.append(swatch, element('span', 'tip-text', token.text));
    const facts = element('dl', 'tip-facts');
    const fact = (label: string, value: string) => facts.append(element('dt', '', label), element('dd', '', value));
    fact(this.t('tipId'), String(token.id));
    fact(this.t('tipPosition'), numbers.int(token.index));
    if (norm !== undefined) fact(this.t('tipNorm'), norm.toFixed(4));
    const parts: HTMLElement[] = [head, facts];
    if (token.special) parts.push(element('div', 'tip-note', this.t('special')));
    if (token.partial) parts.push(element('div', 'tip-note', this.t('partial')));
    if (token.framing) parts.push(element('div', 'tip-note', this.t('framing')));
    if (!neighbors) {
      parts.push(element('div', 'tip-note', this.t('neighborsLoading')));
    } else if (neighbors.neighbors.length > 0) {
      parts.push(element('div', 'tip-heading', this.t('neighbors')));
      const list = element('ol', 'tip-neighbors');
      for (const neighbor of neighbors.neighbors) {
        const item = element('li', '');
        item.append(element('span', 'tip-text', neighbor.text), element('span', 'tip-cosine', numbers.dec(neighbor.cosine)));
        list.append(item);
      }
      parts.push(list);
    } else if (neighbors.note) {
      parts.push(element('div', 'tip-note', neighbors.note));
    }
    this.container.replaceChildren(...parts);
    this.container.hidden = false;
    this.place(clientX, clientY);
  }

  hide(): void {
    this.container.hidden = true;
  }

  get visible(): boolean {
    return !this.container.hidden;
  }

  /** Beside the pointer, kept inside the plot. */
  private place(clientX: number, clientY: number): void {
    const parent = this.container.offsetParent?.getBoundingClientRect();
    if (!parent) return;
    const { width, height } = this.container.getBoundingClientRect();
    let left = clientX - parent.left + 14;
    let top = clientY - parent.top + 14;
    if (left + width > parent.width - 4) left = Math.max(4, clientX - parent.left - width - 14);
    if (top + height > parent.height - 4) top = Math.max(4, clientY - parent.top - height - 14);
    this.container.style.left = `${left}px`;
    this.container.style.top = `${top}px`;
  }
}
