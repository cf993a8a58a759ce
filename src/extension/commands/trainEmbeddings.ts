import * as vscode from 'vscode';
import { SKIP_GRAM_DEFAULTS } from '../../core/training/options';
import { globToRegExp } from '../../core/workspace/excludeGlobs';
import { Commands } from '../constants';
import type { TrainingChoice, TrainingOutcome, WorkspaceTraining } from '../training/workspaceTraining';

/** Prose and code: the text a workspace usually holds. */
export const DEFAULT_TRAINING_GLOB =
  '**/*.{md,markdown,txt,rst,adoc,org,tex,html,ts,tsx,js,jsx,mjs,py,java,kt,go,rs,c,h,cpp,hpp,cs,rb,php,swift,sh,css,json,yaml,yml,toml}';

const LIMITS = { dimension: { min: 2, max: 1024 }, epochs: { min: 1, max: 1000 } } as const;

/**
 * Token Lens: Train Embeddings on Workspace…: a folder, a glob, d and epochs (defaults offered),
 * then the training runs in the worker. Arguments given skip their question (tests, scripts).
 */
export function registerTrainEmbeddings(training: WorkspaceTraining): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.trainEmbeddings, async (given: Partial<TrainingChoice> = {}): Promise<TrainingOutcome | undefined> => {
    const folder = given.folder ?? (await pickFolder());
    if (folder === undefined) return undefined;
    const include =
      given.include ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Train embeddings: which files'),
        ignoreFocusOut: true,
        prompt: vscode.l10n.t('A glob relative to the folder; files.exclude and .gitignore apply, binary files and files over 1 MB are skipped.'),
        value: DEFAULT_TRAINING_GLOB,
        validateInput: (input) => {
          const pattern = globToRegExp(input.trim());
          return input.trim() === '' ? vscode.l10n.t('a glob such as **/*.md') : typeof pattern === 'string' ? pattern : undefined;
        },
      }))?.trim();
    if (include === undefined) return undefined;
    const dimension = given.dimension ?? (await askInteger(vscode.l10n.t('Train embeddings: vector length d'), SKIP_GRAM_DEFAULTS.dimension, LIMITS.dimension));
    if (dimension === undefined) return undefined;
    const epochs = given.epochs ?? (await askInteger(vscode.l10n.t('Train embeddings: passes over the text (epochs)'), SKIP_GRAM_DEFAULTS.epochs, LIMITS.epochs));
    if (epochs === undefined) return undefined;
    return training.run({ folder, include, dimension, epochs, keep: given.keep });
  });
}

async function pickFolder(): Promise<string | undefined> {
  // The worker reads the folder from disk: folders of other file systems are not offered.
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: vscode.l10n.t('Folder to train on') });
    return picked?.[0]?.fsPath;
  }
  if (folders.length === 1) return folders[0].uri.fsPath;
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: folder.name, description: folder.uri.fsPath, path: folder.uri.fsPath })),
    { placeHolder: vscode.l10n.t('Folder to train on') },
  );
  return picked?.path;
}

async function askInteger(title: string, value: number, range: { readonly min: number; readonly max: number }): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title,
    // A step of three: a click elsewhere (the panel loading) should not drop the answers so far.
    ignoreFocusOut: true,
    value: String(value),
    validateInput: (input) =>
      /^\d+$/.test(input.trim()) && Number(input) >= range.min && Number(input) <= range.max
        ? undefined
        : vscode.l10n.t('a whole number from {0} to {1}', range.min, range.max),
  });
  return answer === undefined ? undefined : Number(answer.trim());
}
