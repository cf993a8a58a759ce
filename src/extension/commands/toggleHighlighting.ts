import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Highlighter } from '../highlight/highlighter';
import type { Log } from '../log';

export function registerToggleHighlighting(highlighter: Highlighter, log: Pick<Log, 'info'>): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.toggleHighlighting, () => {
    highlighter.setEnabled(!highlighter.enabled);
    log.info(highlighter.enabled ? vscode.l10n.t('Highlighting turned on') : vscode.l10n.t('Highlighting turned off'));
    return highlighter.enabled;
  });
}
