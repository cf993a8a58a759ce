import * as vscode from 'vscode';
import { ENCODINGS, ENCODING_NAMES, type EncodingName } from '../../core/tokenizer';
import type { Configuration } from '../config';
import { Commands } from '../constants';
import type { TokenizerService } from '../tokenizerService';

interface EncodingItem extends vscode.QuickPickItem {
  readonly encoding: EncodingName;
}

/** Quick pick of the encodings, each with the models that use it; `encoding` may be passed directly. */
export function registerSelectEncoding(config: Configuration, tokenizer: Pick<TokenizerService, 'selectEncoding'>): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectEncoding, async (encoding?: unknown) => {
    let chosen: EncodingName | undefined;
    if (typeof encoding === 'string' && (ENCODING_NAMES as readonly string[]).includes(encoding)) {
      chosen = encoding as EncodingName;
    } else {
      const current = config.encoding;
      const items: EncodingItem[] = ENCODING_NAMES.map((name) => ({
        label: name,
        description: ENCODINGS[name].description,
        detail: ENCODINGS[name].aliases.length > 0 ? vscode.l10n.t('also called {0}', ENCODINGS[name].aliases.join(', ')) : undefined,
        picked: name === current,
        encoding: name,
      }));
      const pick = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Token Lens: Select Encoding'),
        placeHolder: vscode.l10n.t('Current: {0}', current),
      });
      chosen = pick?.encoding;
    }
    // Through the tokenizer service: choosing an encoding also leaves an open model.
    if (chosen) await tokenizer.selectEncoding(chosen);
    return chosen;
  });
}
