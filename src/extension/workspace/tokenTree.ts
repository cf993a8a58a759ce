/** The Explorer's "Token Lens" view: folders and files with their token counts, folder totals and share of the model's context window. */
import * as vscode from 'vscode';
import { type CountNode, type CountOrder, countTree } from '../../core/workspace';
import { budgetTargetOf, standInNote } from '../budgetTarget';
import type { Configuration } from '../config';
import { Settings, settingId } from '../constants';
import { Disposable } from '../util/dispose';
import { formatDecimal, formatInteger } from '../util/format';
import type { WorkspaceCounts } from './workspaceCounts';

/** A node of the view: a workspace folder's tree node, and the folder it is in. */
export interface TokenTreeNode {
  readonly folder: vscode.WorkspaceFolder;
  readonly node: CountNode;
}

export class TokenTreeProvider extends Disposable implements vscode.TreeDataProvider<TokenTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TokenTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots: readonly TokenTreeNode[] = [];
  private orderNow: CountOrder = 'count';

  constructor(
    private readonly counts: WorkspaceCounts,
    private readonly config: Configuration,
  ) {
    super();
    this._register(counts.onDidChange(() => this.rebuild()));
    this._register(config.onDidChange(() => this.changed.fire(undefined)));
  }

  get order(): CountOrder {
    return this.orderNow;
  }

  /** Largest first, or by name. */
  setOrder(order: CountOrder): void {
    this.orderNow = order;
    this.rebuild();
  }

  /** The top level as shown: one node per workspace folder, or the single folder's entries. */
  getChildren(element?: TokenTreeNode): TokenTreeNode[] {
    if (element) return (element.node.children ?? []).map((node) => ({ folder: element.folder, node }));
    if (this.roots.length === 1) return this.getChildren(this.roots[0]);
    return [...this.roots];
  }

  getTreeItem(element: TokenTreeNode): vscode.TreeItem {
    const { node, folder } = element;
    const isFile = node.children === undefined;
    const item = new vscode.TreeItem(node.name, isFile ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
    const uri = node.path === '' ? folder.uri : vscode.Uri.joinPath(folder.uri, ...node.path.split('/'));
    item.id = `${folder.uri.toString()}|${node.path}`;
    item.resourceUri = uri;
    if (isFile) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri] };
    if (node.skipped) {
      const { size, sizeCap } = node.skipped;
      item.description = vscode.l10n.t('skipped: {0} bytes, over the {1}-byte cap', formatInteger(size), formatInteger(sizeCap));
      item.tooltip = vscode.l10n.t('{0}: not counted: {1} bytes is more than {2} ({3} bytes)', node.path, formatInteger(size), settingId(Settings.workspaceMaxFileSize), formatInteger(sizeCap));
      return item;
    }
    const target = budgetTargetOf(this.counts.encoder, this.config);
    const share = formatDecimal((100 * node.count) / target.contextWindow, 1);
    item.description = vscode.l10n.t('{0} tokens · {1}%', formatInteger(node.count), share);
    const tooltip = vscode.l10n.t('{0}: {1} tokens, {2}% of the {3} context window ({4} tokens)', node.path || folder.name, formatInteger(node.count), share, target.label, formatInteger(target.contextWindow));
    const note = standInNote(target, 'plain');
    item.tooltip = note ? `${tooltip}\n${note}` : tooltip;
    return item;
  }

  /** Every row as a person reads it (for tests): path, description and tooltip. */
  rows(): { readonly path: string; readonly description: string; readonly tooltip: string }[] {
    const out: { path: string; description: string; tooltip: string }[] = [];
    const visit = (element: TokenTreeNode) => {
      const item = this.getTreeItem(element);
      out.push({ path: `${element.folder.name}/${element.node.path}`.replace(/\/$/, ''), description: String(item.description), tooltip: String(item.tooltip) });
      for (const child of this.getChildren(element)) visit(child);
    };
    for (const root of this.roots) visit(root);
    return out;
  }

  private rebuild(): void {
    const inFolder = (folder: vscode.WorkspaceFolder) => (file: { readonly folder: vscode.WorkspaceFolder }) => file.folder === folder;
    this.roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
      folder,
      node: countTree(folder.name, this.counts.files.filter(inFolder(folder)), this.orderNow, this.counts.skipped.filter(inFolder(folder))),
    }));
    this.changed.fire(undefined);
  }
}
