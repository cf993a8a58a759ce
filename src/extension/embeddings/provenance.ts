import * as vscode from 'vscode';
import { assertNever } from '../../core/assertNever';
import type { ActiveEmbeddings } from './embeddingService';

/** One plain sentence on what the vectors are, so nobody mistakes noise for meaning (hover and panel). */
export function provenanceText(active: ActiveEmbeddings): string {
  const { provenance, corpus } = active.source;
  switch (provenance) {
    case 'untrained':
      return vscode.l10n.t('Untrained: random initial weights, as a model holds them before pre-training. Nearness between these vectors means nothing yet.');
    case 'miniature':
      return active.spec.kind === 'builtin'
        ? vscode.l10n.t('Trained in miniature (built in): skip-gram on English and Chinese text. Tokens used in similar contexts lie close together.')
        : vscode.l10n.t('Trained in miniature: skip-gram on {0}. Tokens used in similar contexts lie close together.', corpus ?? vscode.l10n.t('your text'));
    case 'pretrained':
      return vscode.l10n.t('Pretrained: read from a model’s weights file.');
    default:
      return assertNever(provenance, 'vector provenance');
  }
}

/** The same in a few words, for the hover's header line (the panel and the details document give the sentence). */
export function provenanceTag(active: ActiveEmbeddings): string {
  const { provenance, corpus } = active.source;
  switch (provenance) {
    case 'untrained':
      return vscode.l10n.t('untrained');
    case 'miniature':
      return active.spec.kind === 'builtin'
        ? vscode.l10n.t('trained in miniature (built in)')
        : vscode.l10n.t('trained in miniature on {0}', corpus ?? vscode.l10n.t('your text'));
    case 'pretrained':
      return vscode.l10n.t('pretrained');
    default:
      return assertNever(provenance, 'vector provenance');
  }
}
