import * as vscode from 'vscode';
import { isHubToken } from '../../core/hub/client';
import { HUB_SPEC_PREFIX, parseHubSpec } from '../../core/hub/spec';
import { CURATED_HUB_MODELS } from '../../core/models/hubModels';
import type { TokenizerService } from '../tokenizerService';

type HubItem = vscode.QuickPickItem & { readonly repo: string };

/** "Open Model from Hugging Face…": a curated list and free input (ORG/NAME or ORG/NAME@REVISION). Resolves to hub:… or undefined. */
export async function pickHubModel(): Promise<string | undefined> {
  const curated: HubItem[] = CURATED_HUB_MODELS.map((model) => ({
    label: model.repo,
    description: model.gated ? vscode.l10n.t('{0} · gated: needs an access token', model.family) : model.family,
    repo: model.repo,
  }));
  const pick = vscode.window.createQuickPick<HubItem>();
  pick.title = vscode.l10n.t('Token Lens: Open Model from Hugging Face');
  pick.placeholder = vscode.l10n.t('ORG/NAME or ORG/NAME@REVISION; only its tokenizer.json is downloaded');
  pick.items = curated;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = curated.some((item) => item.repo === typed);
    pick.items = typed === '' || known ? curated : [{ label: typed, description: vscode.l10n.t('open this model'), repo: typed, alwaysShow: true }, ...curated];
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.repo));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen === undefined) return undefined;
  const spec = `${HUB_SPEC_PREFIX}${chosen}`;
  try {
    parseHubSpec(spec);
  } catch (error) {
    void vscode.window.showErrorMessage((error as Error).message);
    return undefined;
  }
  return spec;
}

/** Asks for a Hugging Face access token in an input box; the box is visible to the API while it is shown. */
export class HubTokenPrompt {
  private shown: vscode.InputBox | undefined;

  /** The input box asking for a token, while it is shown. */
  get input(): vscode.InputBox | undefined {
    return this.shown;
  }

  /** The token typed (trimmed), or undefined when the box was dismissed or left empty. */
  async ask(): Promise<string | undefined> {
    const input = vscode.window.createInputBox();
    input.title = vscode.l10n.t('Hugging Face access token');
    input.prompt = vscode.l10n.t('Kept in VS Code\'s secret storage and sent only to the Hub endpoint.');
    input.password = true;
    input.ignoreFocusOut = true;
    this.shown = input;
    try {
      const problem = (value: string) => (value.trim() === '' || isHubToken(value.trim()) ? undefined : vscode.l10n.t('An access token is printable ASCII without spaces or line breaks.'));
      input.onDidChangeValue((value) => (input.validationMessage = problem(value)));
      const value = await new Promise<string | undefined>((resolve) => {
        input.onDidAccept(() => {
          input.validationMessage = problem(input.value);
          if (!input.validationMessage) resolve(input.value);
        });
        input.onDidHide(() => resolve(undefined));
        input.show();
      });
      return value?.trim() || undefined;
    } finally {
      this.shown = undefined;
      input.dispose();
    }
  }
}

/**
 * Opens a Hub model; when the Hub asks for a token (401, 403), offers to keep one in secret storage and tries again.
 * `revalidate` (opened from the Hub afresh, not from the recent list): its cached files are downloaded again if the revision moved.
 */
export async function openHubModel(tokenizer: TokenizerService, spec: string, prompt: HubTokenPrompt, { revalidate }: { readonly revalidate: boolean }): Promise<string | undefined> {
  for (;;) {
    const loaded = await tokenizer.selectModel(spec, { revalidate });
    if (loaded) return loaded.name;
    if (!/\((401|403)\)/.test(tokenizer.openFailure ?? '')) return undefined;
    const enter = vscode.l10n.t('Enter Access Token…');
    const token =
      (await vscode.window.showWarningMessage(vscode.l10n.t('{0} is gated: it needs a Hugging Face access token allowed to read it.', spec), enter)) === enter ? await prompt.ask() : undefined;
    // Given up: the tokenizer in use stays (a model that was not opened is never left in use).
    if (!token) return undefined;
    await tokenizer.storeHubToken(token);
  }
}
