import * as vscode from 'vscode';
import { visibleWhitespace } from '../../core/text/visible';
import type { NeighborsMessage } from '../../protocol';
import type { EmbeddingService } from '../embeddings/embeddingService';
import { specKey } from '../embeddings/sourceSpec';
import type { TokenizerService } from '../tokenizerService';

const NEIGHBORS = 8;
/** How long to wait for the index before saying it is still being built. */
const WAIT_MS = 1500;

type Answer = Pick<NeighborsMessage, 'neighbors' | 'note'>;

/** The nearest tokens to a token by its word vector, for the panel's hover; remembered per (source, id). */
export class PanelNeighbors {
  private readonly answers = new Map<string, Answer>();

  constructor(
    private readonly embeddings: EmbeddingService,
    private readonly tokenizer: TokenizerService,
  ) {}

  async nearest(id: number): Promise<Answer> {
    let active;
    try {
      active = await this.embeddings.current();
    } catch (error) {
      return { neighbors: [], note: vscode.l10n.t('Nearest tokens unavailable: {0}', (error as Error).message) };
    }
    if (!active.source.learned) return { neighbors: [], note: vscode.l10n.t('Random initial weights: no meaningful neighbours yet.') };
    const key = `${specKey(active.spec)}|${id}`;
    const known = this.answers.get(key);
    if (known) return known;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), WAIT_MS)));
    try {
      const found = await Promise.race([this.embeddings.neighbors(id, NEIGHBORS), timeout]);
      if (found === 'pending') return { neighbors: [], note: vscode.l10n.t('Indexing the word vectors in the background; hover again in a moment.') };
      const encoder = this.tokenizer.encoder;
      const answer: Answer = {
        neighbors: found.map((neighbor) => ({
          id: neighbor.id,
          text: visibleWhitespace(encoder?.isValidId(neighbor.id) ? encoder.decode([neighbor.id]) : `#${neighbor.id}`),
          cosine: neighbor.cosine,
        })),
        note: null,
      };
      if (this.answers.size > 500) this.answers.clear();
      this.answers.set(key, answer);
      return answer;
    } catch (error) {
      return { neighbors: [], note: vscode.l10n.t('Nearest tokens unavailable: {0}', (error as Error).message) };
    } finally {
      clearTimeout(timer);
    }
  }
}
