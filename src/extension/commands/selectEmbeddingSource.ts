import * as vscode from 'vscode';
import { EMBEDDING_LIMITS, MODEL_PRESETS, MODEL_PRESET_IDS, presetMatrices } from '../../core/embeddings';
import { inRange } from '../../core/integerRange';
import { BUILTIN_TABLE } from '../../core/training/builtin';
import { budgetTargetOf } from '../budgetTarget';
import type { Configuration } from '../config';
import { Commands, ConfigSection, Settings } from '../constants';
import { selectBuiltinSource } from '../embeddings/builtinSource';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';

interface SourceItem extends vscode.QuickPickItem {
  readonly apply: () => Promise<boolean>;
}

/**
 * Quick pick of embedding sources: a model's initial weights (learned or sinusoidal
 * positions), a custom size, or trained weights from a .safetensors file. Without `weightFiles`
 * (VS Code for the Web: the worker cannot open this machine's files) the file is not offered.
 */
export function registerSelectEmbeddingSource(config: Configuration, tokenizer: Pick<TokenizerService, 'encoder'>, { weightFiles }: { readonly weightFiles: boolean }): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.selectEmbeddingSource, async () => {
    const set = async (values: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(values)) await config.update(key, value);
      return true;
    };
    const items: SourceItem[] = [];
    items.push({ label: vscode.l10n.t('Initial weights (before pre-training)'), kind: vscode.QuickPickItemKind.Separator, apply: async () => false });
    items.push({
      label: vscode.l10n.t('Automatic'),
      // The window `auto` takes is the counts' (an open model's own when known).
      description: vscode.l10n.t('GPT-2 small for r50k_base; otherwise d = {0} and the context of {1}', formatInteger(config.embedding.dimension), budgetTargetOf(tokenizer.encoder, config).label),
      apply: () => set({ [Settings.embeddingSource]: 'initial', [Settings.embeddingModel]: 'auto', [Settings.embeddingPositions]: 'learned' }),
    });
    for (const id of MODEL_PRESET_IDS) {
      const preset = MODEL_PRESETS[id];
      const [word, position] = presetMatrices(preset);
      items.push({
        label: preset.label,
        description: `d = ${formatInteger(preset.dimension)} · ${vscode.l10n.t('context {0}', formatInteger(preset.contextLength))} · ${preset.encoding}`,
        detail: vscode.l10n.t(
          'word embedding {0} × {1} = {2} weights; position embedding {3} × {1} = {4} weights',
          formatInteger(word.rows),
          formatInteger(word.columns),
          formatInteger(word.weights),
          formatInteger(position.rows),
          formatInteger(position.weights),
        ),
        apply: () =>
          set({
            [Settings.embeddingSource]: 'initial',
            [Settings.embeddingModel]: id,
            [Settings.embeddingPositions]: 'learned',
            [Settings.encoding]: preset.encoding,
          }),
      });
    }
    items.push({
      label: vscode.l10n.t('Sinusoidal positions'),
      description: vscode.l10n.t('fixed sine/cosine position vectors (Attention Is All You Need)'),
      apply: () => set({ [Settings.embeddingSource]: 'initial', [Settings.embeddingPositions]: 'sinusoidal' }),
    });
    items.push({
      label: vscode.l10n.t('Custom size…'),
      description: vscode.l10n.t('choose the vector length d'),
      apply: async () => {
        const value = await vscode.window.showInputBox({
          title: vscode.l10n.t('Vector length d'),
          value: String(config.embedding.dimension),
          validateInput: (input) =>
            /^\d+$/.test(input) && inRange(Number(input), EMBEDDING_LIMITS.dimension)
              ? undefined
              : vscode.l10n.t('a whole number from {0} to {1}', formatInteger(EMBEDDING_LIMITS.dimension.min), formatInteger(EMBEDDING_LIMITS.dimension.max)),
        });
        return value !== undefined && set({ [Settings.embeddingSource]: 'initial', [Settings.embeddingModel]: 'custom', [Settings.embeddingDimension]: Number(value) });
      },
    });
    items.push({ label: vscode.l10n.t('Trained weights'), kind: vscode.QuickPickItemKind.Separator, apply: async () => false });
    items.push({
      label: vscode.l10n.t('Trained (built-in)'),
      description: vscode.l10n.t('{0} · d = {1} · trained in miniature on English and Chinese text', BUILTIN_TABLE.encoding, BUILTIN_TABLE.training.dimension),
      detail: config.encoding === BUILTIN_TABLE.encoding ? undefined : vscode.l10n.t('Its rows are indexed by {0} ids: the encoding switches to {0}.', BUILTIN_TABLE.encoding),
      apply: async () => {
        await selectBuiltinSource(config);
        return true;
      },
    });
    if (weightFiles) {
      items.push({
        label: vscode.l10n.t('Load .safetensors…'),
        description: vscode.l10n.t('e.g. GPT-2’s model.safetensors; only the rows shown are read'),
        apply: async () => {
          const picked = await vscode.window.showOpenDialog({
            title: vscode.l10n.t('Embedding weights'),
            canSelectMany: false,
            filters: { safetensors: ['safetensors'] },
          });
          if (!picked?.[0]) return false;
          // Machine scope: the path is a user setting, never a workspace one.
          await vscode.workspace.getConfiguration(ConfigSection).update(Settings.embeddingWeightsPath, picked[0].fsPath, vscode.ConfigurationTarget.Global);
          return set({ [Settings.embeddingSource]: 'file' });
        },
      });
    }
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Token Lens: Select Embedding Source') });
    return pick ? pick.apply() : false;
  });
}
