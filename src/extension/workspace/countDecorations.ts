/** A file's token count in its Explorer tooltip, from the last workspace scan (no badge: the view shows the figures). */
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import { formatInteger } from '../util/format';
import type { WorkspaceCounts } from './workspaceCounts';

export class CountDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri[] | undefined>());
  readonly onDidChangeFileDecorations = this.changed.event;
  private counts = new Map<string, number>();

  constructor(workspace: WorkspaceCounts) {
    super();
    this._register(
      workspace.onDidChange(() => {
        const before = this.counts;
        this.counts = new Map(workspace.files.map((file) => [file.uri.toString(), file.count]));
        const changed = [...new Set([...before.keys(), ...this.counts.keys()])].filter((key) => before.get(key) !== this.counts.get(key));
        if (changed.length > 0) this.changed.fire(changed.map((key) => vscode.Uri.parse(key)));
      }),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const count = this.counts.get(uri.toString());
    if (count === undefined) return undefined;
    const decoration = new vscode.FileDecoration();
    decoration.tooltip = vscode.l10n.t('{0} tokens', formatInteger(count));
    return decoration;
  }

  /** The tooltip given for a file (for tests). */
  tooltip(uri: vscode.Uri): string | undefined {
    return this.provideFileDecoration(uri)?.tooltip;
  }
}
