/** The panel's header: what is shown, the notice when the list is capped, and the numbers. */
import type { PanelMatrix, PanelStringKey, TokensMessage } from '../protocol';
import { type NumberFormats, fill } from './format';

export class Summary {
  private readonly title = byId('title');
  private readonly notice = byId('notice');
  private readonly showDocument = byId('show-document');
  private readonly stats = byId('stats');
  private readonly matrices = byId('matrices');
  private readonly provenance = byId('provenance');
  private readonly offerTrained = byId('offer-trained');

  constructor(private readonly t: (key: PanelStringKey) => string) {}

  render(message: TokensMessage, numbers: NumberFormats): void {
    const { tokens, total } = message;
    this.title.textContent = message.documentName
      ? fill(this.t(message.scope === 'selection' ? 'scopeSelection' : 'scopeDocument'), message.documentName)
      : '';
    const notices: string[] = [];
    if (message.notice) notices.push(message.notice);
    if (total > tokens.length) notices.push(fill(this.t('capped'), numbers.int(tokens.length), numbers.int(total)));
    else if (message.documentName && total === 0) notices.push(this.t('noTokens'));
    this.notice.textContent = notices.join(' ');
    this.notice.hidden = notices.length === 0;
    this.showDocument.hidden = message.scope !== 'selection';
    const stats: string[] = [];
    if (message.documentName) {
      stats.push(fill(this.t('statTokens'), numbers.int(total)));
      stats.push(fill(this.t('statCharacters'), numbers.int(message.characters)));
      if (total > 0) stats.push(fill(this.t('statCharsPerToken'), numbers.dec(message.characters / total)));
      stats.push(fill(this.t('statEncoding'), message.encoding));
      if (message.source) stats.push(message.source.label);
    }
    this.stats.replaceChildren(...stats.map((text) => item(text)));
    const source = message.documentName ? message.source : null;
    this.provenance.textContent = source?.about ?? '';
    this.provenance.hidden = !source;
    this.offerTrained.hidden = source?.provenance !== 'untrained';
    this.matrices.replaceChildren(...(message.documentName && message.source ? message.source.matrices.map((matrix) => item(this.matrix(matrix, numbers))) : []));
  }

  /** "word embedding 50,257 × 768 = 38,597,376 weights". */
  private matrix(matrix: PanelMatrix, numbers: NumberFormats): string {
    const label = matrix.label === 'word embedding' ? this.t('matrixWord') : matrix.label === 'position embedding' ? this.t('matrixPosition') : matrix.label;
    const template = this.t(matrix.trainable ? 'matrixWeights' : 'matrixValues');
    return fill(template, label, numbers.int(matrix.rows), numbers.int(matrix.columns), numbers.int(matrix.weights));
  }
}

function item(text: string): HTMLLIElement {
  const element = document.createElement('li');
  element.textContent = text;
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Token Lens panel: the page has no #${id}`);
  return element as T;
}
