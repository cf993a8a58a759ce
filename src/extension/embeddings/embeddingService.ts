import * as vscode from 'vscode';
import { type Neighbor, type ResolvedShape, resolveEmbeddingShape } from '../../core/embeddings';
import { contextLimit as contextLimitOf, targetWindow } from '../../core/models';
import { BUILTIN_TABLE } from '../../core/training/builtin';
import type { TextTokenizer as Encoder } from '../../core/tokenizer';
import { type BudgetTarget, budgetTargetOf } from '../budgetTarget';
import type { Configuration, EmbeddingSettings } from '../config';
import { SettingGroups, Settings, settingId } from '../constants';
import type { SettingWarnings } from '../settingWarnings';
import { type TokenizerService, modelLabel } from '../tokenizerService';
import { Disposable } from '../util/dispose';
import { formatInteger } from '../util/format';
import type { WorkerClient } from '../worker/workerClient';
import { type EmbeddingSourceSpec, type HubAccess, specKey } from './sourceSpec';
import { WorkerEmbeddingSource } from './workerSource';
import type { Log } from '../log';

/** The embedding source in use: open in the worker, described here; its rows are read through the worker. */
export interface ActiveEmbeddings {
  readonly source: WorkerEmbeddingSource;
  readonly spec: EmbeddingSourceSpec;
  /** "initial weights N(0, 0.02²), seed 0 · GPT-2 small (124M)", "model.safetensors". */
  readonly label: string;
  /** The model whose context the positions follow, for messages ("GPT-3"); undefined for files. */
  readonly model: string | undefined;
  /** The position from which the model never sees a token (dimmed, said in the hover); undefined when nothing limits it. */
  readonly contextLimit: number | undefined;
}

type Opened = { readonly key: string; readonly active: Promise<ActiveEmbeddings> };

/**
 * Has the worker open the embedding source the settings describe, for the current encoding, and
 * moves to another when either changes: the worker then closes the old one (its file, its index).
 */
export class EmbeddingService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private opened: Opened | undefined;
  /** The source before a settings change, released once the next one is known (unless it is the same). */
  private retired: Opened | undefined;
  private reportedError: string | undefined;

  constructor(
    private readonly config: Configuration,
    private readonly tokenizer: TokenizerService,
    private readonly worker: WorkerClient,
    private readonly warnings: Pick<SettingWarnings, 'once'>,
    /** The built-in table shipped with the extension (media/embeddings/). */
    private readonly builtinPath: string,
    private readonly log: Pick<Log, 'showError' | 'error'>,
  ) {
    super();
    this._register(
      config.onDidChange((event) => {
        // tokenLens.models may change the window `auto` follows.
        if (event.affectsConfiguration(settingId(SettingGroups.embedding)) || event.affectsConfiguration(settingId(Settings.contextWindow)) || event.affectsConfiguration(settingId(Settings.models))) this.reset();
      }),
    );
    this._register(tokenizer.onDidChange(() => this.reset()));
    this._register({ dispose: () => [this.opened, this.retired].forEach(release) });
  }

  /** The active embeddings, opening them if needed; rejects with a message a person can act on. */
  async current(): Promise<ActiveEmbeddings> {
    const encoder = await this.tokenizer.load();
    if (!encoder) throw new Error(this.tokenizer.loadError ?? vscode.l10n.t('the encoding is not loaded'));
    const settings = this.config.embedding;
    // The window the counts use: `auto` sizes initial weights to it, and a rotary model is read up to it.
    const target = budgetTargetOf(encoder, this.config);
    const model = this.tokenizer.modelPath;
    const spec = describeSource(settings, encoder, target, this.builtinPath, model === undefined ? undefined : { model, hub: await this.tokenizer.hubAccess(model) });
    const key = specKey(spec);
    if (this.opened?.key !== key) {
      const previous = this.opened ?? this.retired;
      this.retired = undefined;
      this.opened = { key, active: this.open(spec, initialShape(settings, encoder, target), target) };
      if (previous?.key !== key) release(previous);
    }
    return this.opened.active;
  }

  /**
   * The k nearest tokens to `id` by cosine similarity of word vectors (learned sources only). Rows
   * holding NaN or ±Infinity are left out (said once per source); such a row has no neighbours.
   */
  async neighbors(id: number, k: number, cancellation?: vscode.CancellationToken): Promise<Neighbor[]> {
    const active = await this.current();
    if (!active.source.learned) return [];
    const { neighbors, nonFiniteRows } = await this.worker.request({ type: 'neighbors', source: active.spec, id, k }, { cancellation });
    if (nonFiniteRows > 0) {
      const rows = active.source.shape.vocabularySize;
      this.warnings.once('weights', specKey(active.spec), () =>
        vscode.l10n.t(
          '{0}: {1} of {2} word rows hold NaN or ±Infinity; they are left out of the nearest tokens.',
          active.label,
          formatInteger(nonFiniteRows),
          formatInteger(rows),
        ),
      );
    }
    return neighbors;
  }

  private async open(spec: EmbeddingSourceSpec, shape: InitialShape, target: BudgetTarget): Promise<ActiveEmbeddings> {
    try {
      const source = await WorkerEmbeddingSource.open(this.worker, spec);
      this.reportedError = undefined;
      // A position table ends where the model stops reading; rotary positions have none, so the open model's own window says (unknown: no limit).
      const contextLimit = contextLimitOf(source.shape, target);
      switch (spec.kind) {
        case 'file':
          return { source, spec, label: vscode.Uri.file(spec.path).path.split('/').pop() ?? spec.path, model: undefined, contextLimit };
        case 'builtin':
          return { source, spec, label: vscode.l10n.t('trained (built-in) · {0}, d = {1}', BUILTIN_TABLE.encoding, source.shape.dimension), model: undefined, contextLimit };
        case 'initial':
          return { source, spec, label: initialLabel(spec.options.seed, shape), model: shape.model, contextLimit };
        case 'model':
          // Its own rows when the model has safetensors files; otherwise the initial weights stood in.
          return source.learned
            ? { source, spec, label: `${modelLabel(spec.model)} · ${source.name.split(/[\\/]/).pop() ?? source.name}`, model: modelLabel(spec.model), contextLimit }
            : { source, spec, label: initialLabel(spec.initial.seed, shape), model: shape.model, contextLimit };
      }
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.reportedError) {
        this.reportedError = message;
        this.log.showError(vscode.l10n.t('Token Lens could not open the embedding weights: {0}', message), error);
      } else this.log.error(vscode.l10n.t('Token Lens could not open the embedding weights: {0}', message));
      throw error;
    }
  }

  private reset(): void {
    this.retired = this.opened ?? this.retired;
    this.opened = undefined;
    this.changed.fire();
  }
}

function initialLabel(seed: number | undefined, shape: InitialShape): string {
  return vscode.l10n.t('initial weights N(0, 0.02²), seed {0} · {1}', seed ?? 0, shape.label);
}

/** Has the worker close the source, once it has opened. */
function release(opened: Opened | undefined): void {
  void opened?.active.then((active) => active.source.close(), () => undefined);
}

/** The shape initial weights take, resolved by core as the CLI resolves its options, with words for people. */
interface InitialShape {
  readonly shape: ResolvedShape;
  /** For people: "GPT-2 small (124M)", "d = 768, context 128,000 (GPT-4o)". */
  readonly label: string;
  /** The model whose context positions follow, for messages; undefined for a custom size. */
  readonly model: string | undefined;
}

/** `target`: the window the counts use (budgetTargetOf), whose context `auto` takes. */
export function initialShape(settings: EmbeddingSettings, encoder: Encoder, target: BudgetTarget): InitialShape {
  const shape = resolveEmbeddingShape(encoder, { ...settings, window: targetWindow(target) });
  const { basis, dimension, contextLength } = shape;
  switch (basis.kind) {
    case 'preset':
      return { shape, label: basis.preset.label, model: basis.preset.label.replace(/ \(.*\)$/, '') };
    case 'window':
      return {
        shape,
        label: vscode.l10n.t('d = {0}, context {1} ({2})', formatInteger(dimension), formatInteger(contextLength), basis.window.model),
        model: basis.window.model,
      };
    case 'custom':
      return { shape, label: vscode.l10n.t('d = {0}, context {1}', formatInteger(dimension), formatInteger(contextLength)), model: undefined };
  }
}

/**
 * The source the settings ask for, sized to the encoding's vocabulary; `builtinPath` is the shipped
 * table. With an open model in use, its own embeddings (when it has them) take the initial weights' place.
 */
export function describeSource(
  settings: EmbeddingSettings,
  encoder: Encoder,
  target: BudgetTarget,
  builtinPath: string,
  openModel?: { readonly model: string; readonly hub: HubAccess | undefined },
): EmbeddingSourceSpec {
  const vocabularySize = encoder.vocabularySize;
  if (settings.source === 'builtin') {
    // Its rows are indexed by o200k_base ids: under another encoding they would name other tokens.
    if (encoder.name !== BUILTIN_TABLE.encoding) {
      throw new Error(
        vscode.l10n.t(
          'the built-in trained space is for {0} token ids and the encoding is {1}, whose ids name other tokens, so no vectors are shown. Switch the encoding to {0}, or choose another source with Token Lens: Select Embedding Source.',
          BUILTIN_TABLE.encoding,
          encoder.name,
        ),
      );
    }
    return { kind: 'builtin', path: builtinPath };
  }
  if (settings.source === 'file') {
    if (!settings.weightsPath) {
      throw new Error(vscode.l10n.t('{0} is empty: choose a .safetensors file with Token Lens: Select Embedding Source', settingId(Settings.embeddingWeightsPath)));
    }
    return { kind: 'file', path: settings.weightsPath, encoding: { name: encoder.name, vocabularySize } };
  }
  const { dimension, contextLength, positions, seed } = initialShape(settings, encoder, target).shape;
  const options = { vocabularySize, dimension, contextLength, positions, seed };
  if (openModel) return { kind: 'model', ...openModel, encoding: { name: encoder.name, vocabularySize }, initial: options };
  return { kind: 'initial', options };
}
