import { type EmbeddingSource, NeighborIndex } from '../../core/embeddings';
import { HubEmbeddings } from '../../core/hub/embeddings';
import { type EmbeddingSourceSpec, specKey } from '../embeddings/sourceSpec';
import { type SourceFiles, openFileCount, openSource } from './openSource';
import { type NeighborsRequest, type NeighborsResult, ReasonedError, type WorkerPhase, type WorkerStats } from './protocol';

/**
 * The embedding sources the worker holds open, and their neighbour indexes, by spec. A source is
 * opened on first use and kept until the host releases it (it moved to another source). A request
 * naming a released source opens it again: after a worker restart, or when the host goes back to it.
 */
export class WorkerSources {
  private readonly sources = new Map<string, Promise<EmbeddingSource>>();
  private readonly indexes = new Map<string, Promise<NeighborIndex>>();

  constructor(private readonly files: SourceFiles) {}

  source(spec: EmbeddingSourceSpec): Promise<EmbeddingSource> {
    const key = specKey(spec);
    let opened = this.sources.get(key);
    if (!opened) {
      opened = openSource(spec, this.files);
      const entry = opened;
      entry.catch(() => this.sources.get(key) === entry && this.sources.delete(key));
      this.sources.set(key, entry);
    }
    return opened;
  }

  index(spec: EmbeddingSourceSpec, progress: (fraction: number, phase: WorkerPhase) => void): Promise<NeighborIndex> {
    const key = specKey(spec);
    let built = this.indexes.get(key);
    if (!built) {
      built = this.source(spec).then(async (opened) => {
        // Indexing reads every row: a Hub model's word table would be fetched whole, unasked.
        if (opened instanceof HubEmbeddings && !(await opened.hasWordMatrix())) {
          const megabytes = (opened.wordMatrixBytes / 2 ** 20).toFixed(1);
          throw new ReasonedError(`they need the whole word table of ${opened.name} (${megabytes} MB), and only the rows shown are downloaded from the Hub`, {
            kind: 'wholeWordTable',
            model: opened.name,
            megabytes,
          });
        }
        return NeighborIndex.build(opened, { onProgress: (done, rows) => progress(done / rows, 'index') });
      });
      const entry = built;
      entry.catch(() => this.indexes.get(key) === entry && this.indexes.delete(key));
      this.indexes.set(key, entry);
    }
    return built;
  }

  /** The request's nearest rows, with the count of rows left out for holding NaN or ±Infinity. */
  async neighbors(request: NeighborsRequest, progress: (fraction: number, phase: WorkerPhase) => void, signal?: AbortSignal): Promise<NeighborsResult> {
    const index = await this.index(request.source, progress);
    signal?.throwIfAborted();
    const { nonFiniteRows } = index;
    if (index.holdsNonFinite(request.id)) return { neighbors: [], nonFiniteRows };
    return { neighbors: await index.nearest(request.id, request.k), nonFiniteRows };
  }

  /** Closes the source's file and drops its index; false when the worker did not hold it. */
  async release(spec: EmbeddingSourceSpec): Promise<boolean> {
    const key = specKey(spec);
    const opened = this.sources.get(key);
    const held = opened !== undefined || this.indexes.has(key);
    this.sources.delete(key);
    this.indexes.delete(key);
    // An index still building reads from the closed source and fails; its error is nobody's.
    if (opened) await opened.then((source) => source.close(), () => undefined);
    return held;
  }

  stats(): Omit<WorkerStats, 'heapLimitMb'> {
    return { sources: [...this.sources.keys()], indexes: [...this.indexes.keys()], openFiles: openFileCount() };
  }
}
