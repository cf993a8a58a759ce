import * as vscode from 'vscode';
import { assertNever } from '../../core/assertNever';
import type { MatrixShape } from '../../core/embeddings';

/** A matrix's name in the UI language (core names it in English, as a key). */
export function matrixName(label: MatrixShape['label']): string {
  switch (label) {
    case 'word embedding':
      return vscode.l10n.t('word embedding');
    case 'position embedding':
      return vscode.l10n.t('position embedding');
    default:
      return assertNever(label, 'matrix label');
  }
}
