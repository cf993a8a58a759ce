import { type EmbeddingShape, type EmbeddingSource, type MatrixShape, type PositionKind } from '../../core/embeddings';
import type { VectorProvenance } from '../../core/training';
import type { SourceDescription } from '../worker/protocol';
import type { WorkerClient } from '../worker/workerClient';
import type { EmbeddingSourceSpec } from './sourceSpec';

/**
 * The host's view of a source the worker holds open: its description, kept here, and its rows,
 * asked of the worker. Weight files are opened only in the worker; closing releases them there.
 */
export class WorkerEmbeddingSource implements EmbeddingSource {
  readonly name: string;
  readonly learned: boolean;
  readonly shape: EmbeddingShape;
  readonly positionKind: PositionKind;
  readonly matrices: readonly MatrixShape[];
  readonly provenance: VectorProvenance;
  /** What a miniature training read, when its file says. */
  readonly corpus: string | undefined;
  private closed = false;

  static async open(worker: WorkerClient, spec: EmbeddingSourceSpec): Promise<WorkerEmbeddingSource> {
    return new WorkerEmbeddingSource(worker, spec, await worker.request({ type: 'open', source: spec }));
  }

  private constructor(
    private readonly worker: WorkerClient,
    readonly spec: EmbeddingSourceSpec,
    description: SourceDescription,
  ) {
    ({ name: this.name, learned: this.learned, shape: this.shape, positionKind: this.positionKind, matrices: this.matrices } = description);
    ({ provenance: this.provenance, corpus: this.corpus } = description);
  }

  wordVector(id: number): Promise<Float32Array> {
    return this.wordRows(id, 1);
  }

  async wordRows(firstId: number, count: number, into?: Float32Array): Promise<Float32Array> {
    this.checkOpen();
    const rows = await this.worker.request({ type: 'wordRows', source: this.spec, firstId, count });
    if (!into) return rows;
    into.set(rows);
    return into.subarray(0, rows.length);
  }

  async positionVector(position: number): Promise<Float32Array | undefined> {
    this.checkOpen();
    return this.worker.request({ type: 'positionVector', source: this.spec, position });
  }

  /** Releases the source in the worker: its file is closed and its neighbour index dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.request({ type: 'release', source: this.spec });
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`${this.name}: the embedding source is closed`);
  }
}
