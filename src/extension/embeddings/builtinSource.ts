import * as vscode from 'vscode';
import { BUILTIN_TABLE } from '../../core/training/builtin';
import type { Configuration } from '../config';
import { Settings } from '../constants';

/** Where the built-in table ships: media/embeddings/ in the extension. */
export function builtinTablePath(extensionUri: vscode.Uri): string {
  return vscode.Uri.joinPath(extensionUri, 'media', 'embeddings', BUILTIN_TABLE.file).fsPath;
}

/** Selects the built-in space, and its encoding (its rows are indexed by that encoding's ids). */
export async function selectBuiltinSource(config: Configuration): Promise<void> {
  if (config.encoding !== BUILTIN_TABLE.encoding) await config.update(Settings.encoding, BUILTIN_TABLE.encoding);
  await config.update(Settings.embeddingSource, 'builtin');
}
