import * as vscode from 'vscode';
import { type Log, errorMessage } from '../log';
import { embedToken, hasPositionVectors, l2Norm } from '../../core/embeddings';
import { visibleWhitespace } from '../../core/text/visible';
import { Commands } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import { documentTokensIn } from '../embeddings/documentEmbeddings';
import type { EmbeddingService } from '../embeddings/embeddingService';
import { matrixName } from '../embeddings/matrixName';
import { provenanceText } from '../embeddings/provenance';
import { formatInteger } from '../util/format';

export const EMBEDDING_SCHEME = 'token-lens-embedding';

/** How many of these documents are kept (each holds three vectors in full: ~600 KB at d = 12,288); older ones read as empty. */
export const KEPT_EMBEDDING_DETAILS = 16;

/** Read-only documents with the full vectors of one token. */
export class EmbeddingDetailsProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private shown = 0;

  show(content: string, title: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: EMBEDDING_SCHEME, path: `/${title}.txt`, query: String(this.shown++) });
    this.contents.set(uri.toString(), content);
    // Oldest first (a Map keeps insertion order).
    for (const key of this.contents.keys()) {
      if (this.contents.size <= KEPT_EMBEDDING_DETAILS) break;
      this.contents.delete(key);
    }
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

/** Opens a readable view of the word, position and input vectors of the token at the cursor, in full. */
export function registerShowEmbeddingDetails(documents: DocumentTokens, embeddings: EmbeddingService, log: Pick<Log, 'showError'>): vscode.Disposable {
  const provider = new EmbeddingDetailsProvider();
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(EMBEDDING_SCHEME, provider),
    /** For the token at `position` in `uri` when given, else at the cursor of the active editor. */
    vscode.commands.registerCommand(Commands.showEmbeddingDetails, async (uri?: vscode.Uri, position?: vscode.Position) => {
      const active = vscode.window.activeTextEditor;
      // Untitled URIs are reused: the active editor's document is the live one for its URI, so prefer it.
      const document =
        uri instanceof vscode.Uri ? (active?.document.uri.toString() === uri.toString() ? active.document : await vscode.workspace.openTextDocument(uri)) : active?.document;
      const cursor = position instanceof vscode.Position ? position : active?.selection.active;
      if (!document || !cursor) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: put the cursor on a token in a text editor first.'));
        return undefined;
      }
      const [token] = (await documentTokensIn(documents, document, new vscode.Range(cursor, cursor), 1)) ?? [];
      if (!token) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: there is no token at the cursor.'));
        return undefined;
      }
      let embedding;
      let source;
      try {
        source = await embeddings.current();
      } catch (error) {
        log.showError(vscode.l10n.t('Token Lens: no embedding source: {0}', errorMessage(error)), error);
        return undefined;
      }
      embedding = await embedToken(source.source, token.id, token.index, source.contextLimit);
      const text = document.getText(new vscode.Range(document.positionAt(token.start), document.positionAt(token.end)));
      const columns = {
        dimension: vscode.l10n.t('dim'),
        word: vscode.l10n.t('word'),
        position: vscode.l10n.t('position'),
        input: vscode.l10n.t('input'),
      };
      const header = [
        vscode.l10n.t('Token {0} — id {1} at position {2}', JSON.stringify(visibleWhitespace(text)), token.id, formatInteger(token.index)),
        vscode.l10n.t('Source: {0}', source.label),
        // The hover has room only for a word on what the vectors are; the sentence is here (and in the panel).
        provenanceText(source),
        ...source.source.matrices.map((matrix) => `${matrixName(matrix.label)}: ${formatInteger(matrix.rows)} × ${formatInteger(matrix.columns)} = ${formatInteger(matrix.weights)} ${vscode.l10n.t('weights')}`),
        // As the hover says it: only a position table adds anything to the word vector.
        hasPositionVectors(source.source)
          ? vscode.l10n.t('input vector = word vector + position vector, element by element')
          : source.source.positionKind === 'rotary'
            ? vscode.l10n.t('Positions are rotary: nothing is added to the word vector; position enters inside attention.')
            : vscode.l10n.t('No position vectors: the Transformer receives the word vector as it is.'),
        '',
        [
          `‖${columns.word}‖ = ${l2Norm(embedding.wordVector).toFixed(6)}`,
          embedding.positionVector ? `‖${columns.position}‖ = ${l2Norm(embedding.positionVector).toFixed(6)}` : '',
          embedding.inputVector ? `‖${columns.input}‖ = ${l2Norm(embedding.inputVector).toFixed(6)}` : '',
        ]
          .filter(Boolean)
          .join('   '),
        !embedding.outsideContext
          ? ''
          : hasPositionVectors(source.source)
            ? vscode.l10n.t('This position is outside the context window: there is no position vector.')
            : vscode.l10n.t('This position is outside the context window: the model never sees this token.'),
        '',
        [columns.dimension, columns.word, columns.position, columns.input].map((column) => column.padStart(12)).join(''),
      ];
      const rows = Array.from(embedding.wordVector, (word, i) =>
        [String(i), word.toFixed(6), embedding.positionVector?.[i]?.toFixed(6) ?? '—', embedding.inputVector?.[i]?.toFixed(6) ?? '—']
          .map((cell) => cell.padStart(12))
          .join(''),
      );
      const details = provider.show([...header, ...rows].join('\n'), vscode.l10n.t('embedding of token {0} at {1}', token.id, token.index));
      await vscode.window.showTextDocument(details, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return { id: token.id, position: token.index, dimension: embedding.wordVector.length };
    }),
  );
}
