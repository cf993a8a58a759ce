import * as vscode from 'vscode';
import { hasPositionVectors } from '../../core/embeddings';
import type { DocumentToken } from '../../core/incremental/tokenizedDocument';
import { PROJECTION_VALUE_BUDGET, exceedsProjectionBudget, hashFloat32 } from '../../core/projection';
import type { ProjectionFailedMessage, ProjectionMessage, ProgressMessage, ViewSettings } from '../../protocol';
import type { ActiveEmbeddings } from '../embeddings/embeddingService';
import { specKey } from '../embeddings/sourceSpec';
import { Disposable } from '../util/dispose';
import { formatInteger } from '../util/format';
import type { WorkerPhase } from '../worker/protocol';
import { CancelledError, type WorkerClient } from '../worker/workerClient';
import { phaseLabel } from './panelStrings';

type Outcome = Omit<ProjectionMessage, 'generation'>;
type Post = (message: ProjectionMessage | ProjectionFailedMessage | ProgressMessage) => void;

/** Same seed every time, so a layout can be compared across reloads and kinds. */
const SEED = 1;
const CACHE_SIZE = 24;
const PROGRESS_INTERVAL_MS = 100;

/**
 * Projects the shown tokens' vectors in the worker (it reads the rows itself), one projection
 * at a time: a new request cancels the one running. Results are kept per (source, tokens and
 * their positions, kind, method), so switching back and forth is instant.
 */
export class PanelProjector extends Disposable {
  private readonly cache = new Map<string, Outcome>();
  private running: vscode.CancellationTokenSource | undefined;
  /** Counts requests: only the latest one reports to the webview. */
  private latest = 0;

  constructor(
    private readonly worker: WorkerClient,
    private readonly post: Post,
  ) {
    super();
    this._register({ dispose: () => this.cancel() });
  }

  /** Cancels the running projection, if any; the webview hears `projectionFailed` with `cancelled`. */
  cancel(): void {
    this.running?.cancel();
    this.running?.dispose();
    this.running = undefined;
  }

  async project(generation: number, tokens: readonly DocumentToken[], active: ActiveEmbeddings, view: ViewSettings): Promise<void> {
    this.cancel();
    const request = ++this.latest;
    const addsPositions = hasPositionVectors(active.source);
    if (view.kind === 'position' && !addsPositions) {
      const message = vscode.l10n.t('{0} has no position vectors; choose Word or Input.', active.label);
      this.post({ type: 'projectionFailed', generation, view, cancelled: false, message });
      return;
    }
    const dimension = active.source.shape.dimension;
    if (exceedsProjectionBudget(tokens.length, dimension)) {
      // Said here, in the UI language, before the worker would allocate the vectors (it checks too).
      const message = vscode.l10n.t(
        '{0} tokens × {1} dimensions are more than a projection may hold ({2} values, {3} MiB): select fewer tokens or use a smaller dimension.',
        formatInteger(tokens.length),
        formatInteger(dimension),
        formatInteger(PROJECTION_VALUE_BUDGET),
        formatInteger((PROJECTION_VALUE_BUDGET * 4) / 2 ** 20),
      );
      this.post({ type: 'projectionFailed', generation, view, cancelled: false, message });
      return;
    }
    const ids = Int32Array.from(tokens, (token) => token.id);
    const positions = Int32Array.from(tokens, (token) => token.index);
    const key = cacheKey(active, ids, positions, view);
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // most recently used last
      this.cache.set(key, cached);
      this.post({ ...cached, generation });
      return;
    }
    if (tokens.length === 0) {
      this.post({ type: 'projection', generation, view, points: [], norms: [], explainedVariance: null, note: null });
      return;
    }
    const cancellation = new vscode.CancellationTokenSource();
    this.running = cancellation;
    let lastProgress = 0;
    const progress = (fraction: number, phase: WorkerPhase) => {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_INTERVAL_MS && fraction < 1) return;
      lastProgress = now;
      this.post({ type: 'progress', generation, view, fraction: Math.min(1, Math.max(0, fraction)), phase: phaseLabel(phase) });
    };
    try {
      const result = await this.worker.request(
        { type: 'projectTokens', source: active.spec, ids, positions, kind: view.kind, method: view.method, seed: SEED },
        { cancellation: cancellation.token, progress },
      );
      const outcome: Outcome = {
        type: 'projection',
        view,
        points: Array.from(result.points),
        norms: Array.from(result.norms),
        explainedVariance: result.explainedVariance ? [...result.explainedVariance] : null,
        note: note(view, active, addsPositions, result.withoutPosition, tokens.length),
      };
      this.remember(key, outcome);
      if (request === this.latest && !cancellation.token.isCancellationRequested) this.post({ ...outcome, generation });
    } catch (error) {
      if (request !== this.latest) return; // superseded: the newer request reports
      const cancelled = error instanceof CancelledError || cancellation.token.isCancellationRequested;
      this.post({ type: 'projectionFailed', generation, view, cancelled, message: cancelled ? '' : (error as Error).message });
    } finally {
      if (this.running === cancellation) this.running = undefined;
      cancellation.dispose();
    }
  }

  private remember(key: string, outcome: Outcome): void {
    this.cache.set(key, outcome);
    while (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}

function cacheKey(active: ActiveEmbeddings, ids: Int32Array, positions: Int32Array, view: ViewSettings): string {
  // Ids and positions are whole numbers below 2²⁴: exact as float32, so the hash tells sequences apart.
  const sequence = new Float32Array(ids.length * 2);
  ids.forEach((id, i) => {
    sequence[2 * i] = id;
    sequence[2 * i + 1] = positions[i];
  });
  return [specKey(active.spec), view.kind, view.method, SEED, ids.length, hashFloat32(sequence)].join('|');
}

/** What the reader should know about these vectors, if anything. */
function note(view: ViewSettings, active: ActiveEmbeddings, addsPositions: boolean, withoutPosition: number, count: number): string | null {
  if (view.kind === 'word') return null;
  if (!addsPositions) return vscode.l10n.t('{0} adds no position vectors: input vectors are the word vectors.', active.label);
  if (withoutPosition === 0) return null;
  return vscode.l10n.t(
    '{0} of {1} tokens are past the {2}-token context and have no position vector.',
    formatInteger(withoutPosition),
    formatInteger(count),
    formatInteger(active.source.shape.contextLength ?? 0),
  );
}
