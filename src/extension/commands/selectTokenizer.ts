import * as vscode from 'vscode';
import { ENCODINGS, ENCODING_NAMES, type EncodingName, resolveEncodingName } from '../../core/tokenizer';
import { HUB_SPEC_PREFIX } from '../../core/hub/spec';
import { Commands } from '../constants';
import { sayNeedsDesktop } from './desktopOnly';
import { type HubTokenPrompt, openHubModel, pickHubModel } from './openHubModel';
import { type TokenizerService, modelLabel } from '../tokenizerService';

/** A model chosen `fromHub` (Open Model from Hugging Face…, or named directly) is checked against the Hub; one from the recent list opens from the cache. */
type ModelChoice = { readonly model: string; readonly fromHub?: boolean };
type TokenizerItem = vscode.QuickPickItem & { readonly choice?: { readonly encoding: EncodingName } | ModelChoice | 'openFolder' | 'openHub' };

/** What the command may be given directly (tests, keybindings): an encoding name, `{ folder }` or `{ hub: 'ORG/NAME' }` (opened as Open Model from Hugging Face… opens it). */
function directChoice(argument: unknown): TokenizerItem['choice'] | undefined {
  if (typeof argument === 'string') {
    const encoding = resolveEncodingName(argument);
    return encoding ? { encoding } : undefined;
  }
  const { folder, hub } = (argument ?? {}) as { folder?: unknown; hub?: unknown };
  if (typeof hub === 'string' && hub !== '') return { model: `${HUB_SPEC_PREFIX}${hub}`, fromHub: true };
  return typeof folder === 'string' && folder !== '' ? { model: folder } : undefined;
}

/**
 * "Select Tokenizer…": the OpenAI encodings with the models that use them, the open models used
 * before, and "Open Model from Folder…" (a folder with tokenizer.json). Returns the name in use.
 * Without `openModels` (VS Code for the Web: models are read by Node) only the encodings are offered.
 */
export function registerSelectTokenizer(tokenizer: TokenizerService, tokenPrompt: HubTokenPrompt, { openModels }: { readonly openModels: boolean }): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectTokenizer, async (argument?: unknown) => {
    let choice = directChoice(argument);
    if (!openModels && typeof choice === 'object' && 'model' in choice) {
      sayNeedsDesktop(vscode.l10n.t('Opening a model'));
      return undefined;
    }
    if (!choice) {
      const current = tokenizer.modelPath ?? tokenizer.encodingName;
      const items: TokenizerItem[] = [
        { label: vscode.l10n.t('OpenAI encodings'), kind: vscode.QuickPickItemKind.Separator },
        ...ENCODING_NAMES.map((name) => ({ label: name, description: ENCODINGS[name].description, choice: { encoding: name } })),
        ...(openModels ? modelItems(tokenizer) : []),
      ];
      // The tokenizer in use has the focus, so Enter keeps it.
      const inUse = items.find(({ choice }) => typeof choice === 'object' && ('encoding' in choice ? choice.encoding === current : choice.model === current));
      const pick = await pickOne(items, inUse, {
        title: vscode.l10n.t('Token Lens: Select Tokenizer'),
        placeholder: vscode.l10n.t('Current: {0}', tokenizer.encodingName),
      });
      choice = pick?.choice;
      if (choice === 'openFolder') {
        const folders = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: true,
          canSelectMany: false,
          filters: { [vscode.l10n.t('Tokenizer')]: ['json'] },
          openLabel: vscode.l10n.t('Open Model'),
          title: vscode.l10n.t('A model folder with tokenizer.json'),
        });
        choice = folders?.[0] ? { model: folders[0].fsPath } : undefined;
      } else if (choice === 'openHub') {
        const spec = await pickHubModel();
        choice = spec ? { model: spec, fromHub: true } : undefined;
      }
    }
    if (!choice || choice === 'openFolder' || choice === 'openHub') return undefined;
    if ('encoding' in choice) {
      await tokenizer.selectEncoding(choice.encoding);
      return choice.encoding;
    }
    if (choice.model.startsWith(HUB_SPEC_PREFIX)) return openHubModel(tokenizer, choice.model, tokenPrompt, { revalidate: choice.fromHub === true });
    const loaded = await tokenizer.selectModel(choice.model);
    return loaded?.name;
  });
}

/** The open models used before, and the two ways to open another. */
function modelItems(tokenizer: TokenizerService): TokenizerItem[] {
  return [
    { label: vscode.l10n.t('Open models'), kind: vscode.QuickPickItemKind.Separator },
    ...tokenizer.recentModels.map((path) => ({ label: `$(folder) ${modelLabel(path)}`, description: path, choice: { model: path } })),
    { label: `$(folder-opened) ${vscode.l10n.t('Open Model from Folder…')}`, detail: vscode.l10n.t('A folder with tokenizer.json (and tokenizer_config.json), as on the Hugging Face Hub'), choice: 'openFolder' },
    { label: `$(cloud-download) ${vscode.l10n.t('Open Model from Hugging Face…')}`, detail: vscode.l10n.t('Downloads only its tokenizer.json (the network is used only now)'), choice: 'openHub' },
  ];
}

/** The Select Tokenizer picker while it is shown (for tests). */
export const tokenizerPicker: { shown: vscode.QuickPick<vscode.QuickPickItem> | undefined } = { shown: undefined };

/** showQuickPick with `active` focused (showQuickPick's `picked` only checks items of a many-pick). */
async function pickOne<T extends vscode.QuickPickItem>(items: readonly T[], active: T | undefined, options: { readonly title: string; readonly placeholder: string }): Promise<T | undefined> {
  const picker = vscode.window.createQuickPick<T>();
  picker.title = options.title;
  picker.placeholder = options.placeholder;
  picker.items = items;
  if (active) picker.activeItems = [active];
  tokenizerPicker.shown = picker;
  try {
    return await new Promise<T | undefined>((resolve) => {
      picker.onDidAccept(() => resolve(picker.selectedItems[0]));
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
  } finally {
    tokenizerPicker.shown = undefined;
    picker.dispose();
  }
}
