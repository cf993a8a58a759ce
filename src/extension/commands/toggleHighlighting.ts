import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Highlighter } from '../highlight/highlighter';

export function registerToggleHighlighting(highlighter: Highlighter): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.toggleHighlighting, () => {
    highlighter.setEnabled(!highlighter.enabled);
    return highlighter.enabled;
  });
}
