import * as vscode from 'vscode';
import { Commands } from '../constants';

/** The sample prompts are the Markdown files of this folder; the walkthrough names them by file name. */
const samplesFolder = (extensionUri: vscode.Uri) => vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', 'samples');

async function sampleNames(extensionUri: vscode.Uri): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(samplesFolder(extensionUri));
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md'))
    .map(([name]) => name.slice(0, -'.md'.length))
    .sort();
}

/**
 * Opens a sample prompt as a new untitled Markdown document beside the walkthrough, then runs a Token
 * Lens command on it: `tokenLens.openSample ["strawberry", "tokenLens.countTokens"]`. Without
 * arguments it asks which sample. Returns the sample's name, or undefined when nothing was opened.
 */
export function registerOpenSample(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.openSample, async (name?: unknown, then?: unknown) => {
    const names = await sampleNames(extensionUri);
    const tokenLensCommands: readonly string[] = Object.values(Commands).filter((command) => command !== Commands.openSample);
    if (name !== undefined && (typeof name !== 'string' || !names.includes(name))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Token Lens: there is no sample prompt {0}; expected one of {1}.', JSON.stringify(name), names.join(', ')));
      return undefined;
    }
    if (then !== undefined && (typeof then !== 'string' || !tokenLensCommands.includes(then))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Token Lens: {0} is not a Token Lens command to run on a sample.', JSON.stringify(then)));
      return undefined;
    }
    const sample = name ?? (await vscode.window.showQuickPick(names, { placeHolder: vscode.l10n.t('Open a sample prompt') }));
    if (sample === undefined) return undefined;
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(samplesFolder(extensionUri), `${sample}.md`));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: new TextDecoder().decode(bytes) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
    if (typeof then === 'string') await vscode.commands.executeCommand(then);
    return sample;
  });
}
