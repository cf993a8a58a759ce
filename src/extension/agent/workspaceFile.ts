/** A workspace file's text for the chat tools: only files inside an open folder, text, and not too large. */
import * as vscode from 'vscode';
import { decodeUtf8Lenient, looksBinary } from '../../core/text/decode';
import { Settings, settingId } from '../constants';
import { isTokenizable } from '../documents/documentSource';
import { formatInteger } from '../util/format';

export type WorkspaceText = { readonly label: string; readonly text: string } | { readonly error: string };

/** "/home/…", "C:\…", "\\server\…": paths that name a file without a folder to start from. */
function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Where `path` points: absolute as is; relative, in the first folder that holds it (or "folder name/rest" in a multi-root workspace). */
async function resolve(path: string, folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.Uri> {
  if (isAbsolute(path)) return vscode.Uri.file(path);
  const parts = path.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  const candidates = folders.map((folder) => vscode.Uri.joinPath(folder.uri, ...parts));
  const named = folders.find((folder) => folder.name === parts[0]);
  if (named && parts.length > 1) candidates.push(vscode.Uri.joinPath(named.uri, ...parts.slice(1)));
  for (const candidate of candidates) if (await exists(candidate)) return candidate;
  return candidates[0];
}

/**
 * The text of the workspace file at `path` (relative to a workspace folder, or absolute inside one); as
 * its editor holds it when it is open (unsaved edits included). Over `maxBytes`, binary, missing, or
 * outside every workspace folder: a one-line message instead.
 */
export async function readWorkspaceText(path: string, maxBytes: number): Promise<WorkspaceText> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return { error: vscode.l10n.t('cannot read {0}: no folder is open in the workspace', path) };
  const uri = await resolve(path, folders);
  if (!vscode.workspace.getWorkspaceFolder(uri)) return { error: vscode.l10n.t('{0} is outside the workspace; expected a file in one of its folders', path) };
  const label = vscode.workspace.asRelativePath(uri, folders.length > 1);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return { error: vscode.l10n.t('no file {0} in the workspace', path) };
  }
  // As the workspace counts do: a link could lead anywhere, so only the files themselves are read.
  if (stat.type & vscode.FileType.SymbolicLink) return { error: vscode.l10n.t('{0} is a symbolic link; expected a file inside the workspace', label) };
  if (stat.type & vscode.FileType.Directory) return { error: vscode.l10n.t('{0} is a folder; expected a file', label) };
  if (stat.size > maxBytes) {
    return {
      error: vscode.l10n.t('{0} is {1} bytes, larger than {2} ({3}); count a part of it as text', label, formatInteger(stat.size), settingId(Settings.maxDocumentSize), formatInteger(maxBytes)),
    };
  }
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return isTokenizable(open) ? { label, text: open.getText() } : { error: vscode.l10n.t('{0} is binary; expected a text file', label) };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return { error: vscode.l10n.t('cannot read {0}: {1}', label, error instanceof Error ? error.message : String(error)) };
  }
  if (looksBinary(bytes)) return { error: vscode.l10n.t('{0} is binary; expected a text file', label) };
  return { label, text: decodeUtf8Lenient(bytes).text };
}
