import * as vscode from 'vscode';
import { type TokenEmbedding, embedToken, hasPositionVectors, l2Norm } from '../../core/embeddings';
import { heatStripDataUri, largestMagnitude } from '../../core/render/heatStrip';
import { visibleWhitespace } from '../../core/text/visible';
import type { VisibleToken } from '../highlight/visibleTokens';
import type { HoverSection } from '../hover/tokenHover';
import { codeSpan, escapeMarkdown } from '../util/markdown';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';
import type { ActiveEmbeddings, EmbeddingService } from './embeddingService';
import { matrixName } from './matrixName';
import { provenanceTag } from './provenance';

/** Values printed per vector (few, so a line fits a half-width editor's hover); the strip shows all of them. */
const SHOWN_VALUES = 3;
/** Pixels per heat strip: three fit on one line with their captions in a half-width editor's hover. */
const STRIP_WIDTH = 80;
const NEIGHBORS = 8;
/** How long the hover waits for nearest neighbours before saying they are still being indexed. */
const NEIGHBOR_WAIT_MS = 1500;

/** Hover lines for the token under the cursor: word, position and input vectors, norms, nearest tokens. */
export class EmbeddingHoverSection implements HoverSection {
  constructor(
    private readonly embeddings: EmbeddingService,
    private readonly tokenizer: TokenizerService,
  ) {}

  async render(
    document: vscode.TextDocument,
    tokens: readonly VisibleToken[],
    cancellation: vscode.CancellationToken,
    cursor: number,
  ): Promise<vscode.MarkdownString | undefined> {
    const markdown = new vscode.MarkdownString();
    markdown.isTrusted = false;
    let active: ActiveEmbeddings;
    try {
      active = await this.embeddings.current();
    } catch (error) {
      markdown.appendMarkdown(`**${vscode.l10n.t('Embedding')}** · ${vscode.l10n.t('unavailable: {0}', (error as Error).message)}`);
      return markdown;
    }
    const underCursor = tokens.find((token) => token.start <= cursor && cursor < token.end) ?? tokens[0];
    if (cancellation.isCancellationRequested) return undefined;
    // Only the token under the cursor gets vectors: the token part names the others with their ids.
    const text = codeSpan(visibleWhitespace(document.getText(new vscode.Range(document.positionAt(underCursor.start), document.positionAt(underCursor.end)))));
    const title = tokens.length > 1 ? vscode.l10n.t('Embedding of {0}', text) : vscode.l10n.t('Embedding');
    // The label gives d and the context; the tag says whether nearness means anything.
    markdown.appendMarkdown(`**${title}** · ${active.label} · ${escapeMarkdown(provenanceTag(active))}  \n`);
    if (underCursor.index === undefined) {
      markdown.appendMarkdown(`${vscode.l10n.t('position unknown: this part of the document is not tokenized from the start yet')}\n\n`);
      return markdown;
    }
    const embedding = await embedToken(active.source, underCursor.id, underCursor.index, active.contextLimit);
    this.describe(markdown, active, embedding);
    if (active.source.learned) await this.describeNeighbors(markdown, underCursor.id, !Number.isFinite(l2Norm(embedding.wordVector)), cancellation);
    return markdown;
  }

  private describe(markdown: vscode.MarkdownString, active: ActiveEmbeddings, embedding: TokenEmbedding): void {
    // Which row of which matrix each vector is: the id picks the word row, the position the position row.
    const rowOf = (label: string): number | undefined =>
      label === 'word embedding' ? embedding.id : embedding.positionVector ? embedding.position : undefined;
    markdown.appendMarkdown(
      active.source.matrices
        .map((matrix) => {
          const shape = `${matrixName(matrix.label)} ${formatInteger(matrix.rows)} × ${formatInteger(matrix.columns)}`;
          const row = rowOf(matrix.label);
          return row === undefined ? shape : vscode.l10n.t('{0}, row {1}', shape, row);
        })
        .join(' · ') + '\n\n',
    );
    const rows: [string, Float32Array | undefined][] = [
      [vscode.l10n.t('word'), embedding.wordVector],
      [vscode.l10n.t('position'), embedding.positionVector],
      [vscode.l10n.t('input'), embedding.inputVector],
    ];
    // Full colour at 3 × the root mean square: typical values show, outliers saturate.
    const present = rows.flatMap(([, vector]) => (vector ? [vector] : []));
    const rms = Math.sqrt(present.reduce((sum, vector) => sum + l2Norm(vector) ** 2, 0) / present.reduce((sum, vector) => sum + vector.length, 0));
    const scale = Math.min(Math.max(...present.map(largestMagnitude)), 3 * rms);
    const width = Math.max(...rows.map(([label]) => label.length));
    const lines: string[] = [];
    for (const [label, vector] of rows) {
      if (!vector) continue;
      const values = Array.from(vector.subarray(0, SHOWN_VALUES), (value) => (value >= 0 ? '+' : '') + value.toFixed(4));
      lines.push(`${label.padEnd(width)} [${values.join(', ')}, …] ‖${l2Norm(vector).toFixed(3)}‖`);
    }
    markdown.appendCodeblock(lines.join('\n'), 'text');
    // The strips of every dimension on one line, as the sum they are.
    const strip = (vector: Float32Array, caption: string): string => `![${caption}](${heatStripDataUri(vector, { scale, width: STRIP_WIDTH, height: 10 })})`;
    const word = strip(embedding.wordVector, vscode.l10n.t('word vector (row {0} of the word matrix)', embedding.id));
    const { positionVector, inputVector } = embedding;
    const sum = positionVector && inputVector
      ? vscode.l10n.t('word {0} + position {1} = input {2}', word, strip(positionVector, vscode.l10n.t('position vector (row {0} of the position matrix)', embedding.position)), strip(inputVector, vscode.l10n.t('input = word + position')))
      : inputVector
        ? vscode.l10n.t('word {0} = input {1}', word, strip(inputVector, vscode.l10n.t('input = word vector (no learned position vector)')))
        : vscode.l10n.t('word {0}', word);
    markdown.appendMarkdown(`${sum}\n\n`);
    if (embedding.outsideContext) {
      const model = active.model ?? vscode.l10n.t('the model');
      const limit = formatInteger(active.contextLimit ?? 0);
      // Only a source with a position table runs out of position vectors; rotary positions never had one.
      const why = hasPositionVectors(active.source)
        ? vscode.l10n.t('position {0} — outside {1}’s {2}-token context: there is no position vector, the model never sees this token.', formatInteger(embedding.position), model, limit)
        : vscode.l10n.t('position {0} — outside {1}’s {2}-token context window: the model never sees this token.', formatInteger(embedding.position), model, limit);
      markdown.appendMarkdown(`⚠ ${why}\n\n`);
    } else if (!positionVector) {
      markdown.appendMarkdown(
        `${active.source.positionKind === 'rotary'
          ? vscode.l10n.t('Positions are rotary: nothing is added to the word vector; position enters inside attention.')
          : vscode.l10n.t('No position vectors: the Transformer receives the word vector as it is.')}\n\n`,
      );
    }
  }

  /** `nonFinite`: the token's own row holds NaN or ±Infinity (still asked, so the weights get their warning). */
  private async describeNeighbors(markdown: vscode.MarkdownString, id: number, nonFinite: boolean, cancellation: vscode.CancellationToken): Promise<void> {
    const encoder = this.tokenizer.encoder;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), NEIGHBOR_WAIT_MS)));
    try {
      const found = await Promise.race([this.embeddings.neighbors(id, NEIGHBORS, cancellation), timeout]);
      if (found === 'pending') {
        markdown.appendMarkdown(`${vscode.l10n.t('Nearest tokens: indexing the word vectors in the background; hover again in a moment.')}\n\n`);
        return;
      }
      if (nonFinite) {
        markdown.appendMarkdown(`${vscode.l10n.t('Nearest tokens: none, this token’s word vector holds NaN or ±Infinity.')}\n\n`);
        return;
      }
      const names = found.map((neighbor) => {
        const text = encoder?.isValidId(neighbor.id) ? new TextDecoder().decode(encoder.tokenBytes(neighbor.id)) : `#${neighbor.id}`;
        return `${codeSpan(visibleWhitespace(text))} ${neighbor.cosine.toFixed(2)}`;
      });
      markdown.appendMarkdown(`${vscode.l10n.t('Nearest tokens (cosine similarity): {0}', names.join(' · '))}\n\n`);
    } catch (error) {
      markdown.appendMarkdown(`${vscode.l10n.t('Nearest tokens unavailable: {0}', (error as Error).message)}\n\n`);
    } finally {
      clearTimeout(timer);
    }
  }
}
