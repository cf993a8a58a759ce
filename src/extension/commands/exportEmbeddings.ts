import * as vscode from 'vscode';
import { encodeSafetensorsRaw, projectorTsv, type TokenEmbedding, embedToken } from '../../core/embeddings';
import { Commands } from '../constants';
import type { DocumentTokens } from '../documents/documentTokens';
import { documentTokensIn } from '../embeddings/documentEmbeddings';
import type { EmbeddingService } from '../embeddings/embeddingService';
import { formatInteger } from '../util/format';
import { nextTurn } from '../util/turn';

/** The Embedding Projector stays usable to about this many points. */
const MAX_TOKENS = 10_000;

/**
 * What the model receives: the input vector, or the word vector as it is when nothing is added
 * (no positions); nothing (a zero row) past the window, where the model never sees the token.
 */
function receivedVector(embedding: TokenEmbedding): Float32Array | undefined {
  return embedding.inputVector ?? (embedding.outsideContext ? undefined : embedding.wordVector);
}

/**
 * Writes the input vectors of the selection's (or document's) tokens to a folder, as
 * `vectors.tsv` + `metadata.tsv` for the TensorFlow Embedding Projector and as
 * `embeddings.safetensors` (word, position and input matrices plus ids and positions).
 */
export function registerExportEmbeddings(documents: DocumentTokens, embeddings: EmbeddingService): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.exportEmbeddings, async (target?: vscode.Uri) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: open a text editor to export the embeddings of its tokens.'));
      return undefined;
    }
    const range = editor.selection.isEmpty ? undefined : editor.selection;
    const tokens = await documentTokensIn(documents, editor.document, range, MAX_TOKENS + 1);
    if (!tokens || tokens.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: there are no tokens to export here.'));
      return undefined;
    }
    if (tokens.length > MAX_TOKENS) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Token Lens: exporting the first {0} tokens only; select a part of the document to export another part.', formatInteger(MAX_TOKENS)),
      );
      tokens.length = MAX_TOKENS;
    }
    const folder =
      target ??
      (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: vscode.l10n.t('Export embeddings to folder') }))?.[0];
    if (!folder) return undefined;
    const active = await embeddings.current();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting embeddings'), cancellable: true },
      async (progress, cancellation) => {
        const embedded: TokenEmbedding[] = [];
        for (let i = 0; i < tokens.length; i++) {
          if (cancellation.isCancellationRequested) return undefined;
          // The hover's window: the position table's end, or a rotary model's own.
          embedded.push(await embedToken(active.source, tokens[i].id, tokens[i].index, active.contextLimit));
          if (i % 256 === 255) {
            progress.report({ increment: (100 * 256) / tokens.length, message: `${formatInteger(i + 1)} / ${formatInteger(tokens.length)}` });
            await nextTurn();
          }
        }
        const text = (start: number, end: number) =>
          editor.document.getText(new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end)));
        const files = projectorTsv(
          embedded.map((embedding, i) => ({
            label: text(tokens[i].start, tokens[i].end),
            id: embedding.id,
            position: embedding.position,
            vector: receivedVector(embedding) ?? new Float32Array(embedding.wordVector.length),
          })),
        );
        const dimension = active.source.shape.dimension;
        const matrix = (pick: (embedding: TokenEmbedding) => Float32Array | undefined) => {
          const data = new Float32Array(embedded.length * dimension);
          embedded.forEach((embedding, i) => {
            const row = pick(embedding);
            if (row) data.set(row, i * dimension);
          });
          return { dtype: 'F32' as const, shape: [embedded.length, dimension], bytes: new Uint8Array(data.buffer) };
        };
        const integers = (values: number[]) => ({ dtype: 'I32' as const, shape: [values.length], bytes: new Uint8Array(Int32Array.from(values).buffer) });
        const safetensors = encodeSafetensorsRaw(
          [
            { ...matrix((e) => e.wordVector), name: 'word' },
            { ...matrix((e) => e.positionVector), name: 'position' },
            { ...matrix(receivedVector), name: 'input' },
            { ...integers(embedded.map((e) => e.id)), name: 'token_ids' },
            { ...integers(embedded.map((e) => e.position)), name: 'positions' },
          ],
          { source: active.label, encoding: active.spec.kind === 'file' ? active.spec.encoding.name : '', note: 'rows of position are zero where the token has no position vector, rows of input where it is outside the context window' },
        );
        const encoder = new TextEncoder();
        const write = (name: string, bytes: Uint8Array) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), bytes);
        await write('vectors.tsv', encoder.encode(files.vectors));
        await write('metadata.tsv', encoder.encode(files.metadata));
        await write('embeddings.safetensors', safetensors);
        const outside = embedded.filter((embedding) => embedding.outsideContext).length;
        const exported = vscode.l10n.t('Exported {0} token vectors (d = {1}) to {2}: vectors.tsv, metadata.tsv, embeddings.safetensors.', formatInteger(embedded.length), formatInteger(dimension), folder.fsPath);
        void vscode.window.showInformationMessage(
          outside === 0 ? exported : `${exported} ${vscode.l10n.t('{0} of them are past the context window: the model never sees them, so their input vectors are zeros.', formatInteger(outside))}`,
        );
        return { tokens: embedded.length, dimension, folder: folder.toString(), outsideContext: outside };
      },
    );
  });
}
