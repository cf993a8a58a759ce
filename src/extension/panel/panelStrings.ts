import * as vscode from 'vscode';
import { assertNever } from '../../core/assertNever';
import type { PanelStringKey } from '../../protocol';
import type { WorkerPhase } from '../worker/protocol';
import { Settings, settingId } from '../constants';

/** The webview's UI strings in the UI language; `{0}` marks an argument the webview fills in. */
export function panelStrings(): Record<PanelStringKey, string> {
  return {
    empty: vscode.l10n.t('Open a text editor to see its tokens as the model sees them.'),
    scopeSelection: vscode.l10n.t('Selection in {0}'),
    scopeDocument: vscode.l10n.t('{0} (whole document)'),
    // {0} and {1} stay for the webview to fill in.
    capped: vscode.l10n.t('Showing the first {0} of {1} tokens (setting {2}). Select text to see another part.', '{0}', '{1}', settingId(Settings.panelMaxTokens)),
    showDocument: vscode.l10n.t('Show whole document'),
    statTokens: vscode.l10n.t('{0} tokens'),
    statCharacters: vscode.l10n.t('{0} characters'),
    statCharsPerToken: vscode.l10n.t('{0} characters per token'),
    statEncoding: vscode.l10n.t('encoding {0}'),
    matrixWord: vscode.l10n.t('word embedding'),
    matrixPosition: vscode.l10n.t('position embedding'),
    matrixWeights: vscode.l10n.t('{0} {1} × {2} = {3} weights'),
    matrixValues: vscode.l10n.t('{0} {1} × {2} = {3} values (a formula, not trained)'),
    showIds: vscode.l10n.t('Show ids'),
    stripLabel: vscode.l10n.t('Tokens, in order'),
    vectors: vscode.l10n.t('Vectors'),
    kindWord: vscode.l10n.t('Word'),
    kindPosition: vscode.l10n.t('Position'),
    kindInput: vscode.l10n.t('Input (word + position)'),
    method: vscode.l10n.t('Method'),
    methodPca: vscode.l10n.t('PCA'),
    methodUmap: vscode.l10n.t('UMAP'),
    methodTsne: vscode.l10n.t('t-SNE'),
    explained: vscode.l10n.t('Explained variance: x {0}, y {1}'),
    aboutNeighbors: vscode.l10n.t('{0} keeps neighbours close; gaps between clusters mean little.'),
    projecting: vscode.l10n.t('{0}: {1}… {2}'),
    cancel: vscode.l10n.t('Cancel'),
    cancelled: vscode.l10n.t('Projection cancelled. Choose a method to start again.'),
    failed: vscode.l10n.t('No projection: {0}'),
    zoomIn: vscode.l10n.t('Zoom in'),
    zoomOut: vscode.l10n.t('Zoom out'),
    resetView: vscode.l10n.t('Reset view'),
    exportSvg: vscode.l10n.t('Export SVG'),
    exportPng: vscode.l10n.t('Export PNG'),
    plotLabel: vscode.l10n.t('{0} vectors of {1} tokens, projected to 2D by {2}'),
    plotHelp: vscode.l10n.t('Drag to pan, scroll to zoom. Keys: arrows pan, + and − zoom, 0 resets, [ and ] step through the tokens, Enter selects the token in the editor.'),
    tokenLabel: vscode.l10n.t('{0}, id {1}, position {2}'),
    special: vscode.l10n.t('special token'),
    partial: vscode.l10n.t('part of a character: its UTF-8 bytes'),
    framing: vscode.l10n.t('chat framing (roles, names, function definitions)'),
    tipId: vscode.l10n.t('id'),
    tipPosition: vscode.l10n.t('position'),
    tipNorm: vscode.l10n.t('norm'),
    neighbors: vscode.l10n.t('Nearest tokens (cosine)'),
    neighborsLoading: vscode.l10n.t('Looking up the nearest tokens…'),
    announceProjection: vscode.l10n.t('{0} points placed by {1}.'),
    noTokens: vscode.l10n.t('There are no tokens here.'),
    offerTrained: vscode.l10n.t('These vectors are untrained: show a trained space?'),
    trainingHeading: vscode.l10n.t('Training'),
    lossCurve: vscode.l10n.t('Loss over the training'),
    trackedTokens: vscode.l10n.t('The {0} most frequent tokens, moving from random to structure as training goes on'),
  };
}

/** What the worker is busy with, for the progress line: every phase has its words. */
export function phaseLabel(phase: WorkerPhase): string {
  switch (phase) {
    case 'gather':
      return vscode.l10n.t('reading the vectors');
    case 'index':
      return vscode.l10n.t('indexing the word vectors');
    case 'download':
      return vscode.l10n.t('downloading');
    case 'validate':
      return vscode.l10n.t('checking the vectors');
    case 'pca':
      return vscode.l10n.t('principal components');
    case 'neighbors':
      return vscode.l10n.t('nearest neighbours');
    case 'affinities':
      return vscode.l10n.t('affinities');
    case 'optimize':
      return vscode.l10n.t('optimising the layout');
    case 'done':
      return vscode.l10n.t('done');
    default:
      return assertNever(phase, 'worker phase');
  }
}
