import { ProjectionCancelledError } from './errors';
import type { CancellationSignal, ProgressCallback, ProjectionPhase } from './types';

/** A progress report from inside a unit of work: the fraction of that unit done. */
export interface Tick {
  readonly phase: ProjectionPhase;
  readonly fraction: number;
}

/**
 * Step-able work: a generator that yields a tick between bounded pieces of work (a pass
 * chunk, an epoch) and returns its result. Cancellation is checked at every yield.
 */
export type Work<T> = Generator<Tick, T, void>;

/** Runs `work` as the part [from, to] of a larger one, rescaling its ticks. */
export function* within<T>(work: Work<T>, from: number, to: number): Work<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    yield { phase: step.value.phase, fraction: from + (to - from) * step.value.fraction };
  }
}

/** Steps through a `Work`, checking the signal and reporting monotone progress. */
export class ProjectionTask<T> {
  private finished = false;
  private value: T | undefined;
  /** Set once the work threw or was cancelled; every later step rethrows it. */
  private failure: { readonly error: unknown } | undefined;
  private fraction = 0;
  private currentPhase: ProjectionPhase = 'validate';

  constructor(
    private readonly work: Work<T>,
    private readonly signal?: CancellationSignal,
    private readonly onProgress?: ProgressCallback,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  get progress(): number {
    return this.fraction;
  }

  get phase(): ProjectionPhase {
    return this.currentPhase;
  }

  /** The result once `done`; throws before. */
  get result(): T {
    if (!this.finished) throw new Error('The projection has not finished yet; call step() until it returns true.');
    return this.value as T;
  }

  /**
   * Works for about `budgetMs` (at least one piece), then returns whether the projection
   * is finished. Throws `ProjectionCancelledError` once the signal is aborted.
   */
  step(budgetMs = 16): boolean {
    if (this.finished) return true;
    if (this.failure) throw this.failure.error;
    const deadline = Date.now() + budgetMs;
    try {
      do {
        this.throwIfCancelled();
        const next = this.work.next();
        if (next.done) {
          this.finished = true;
          this.value = next.value;
          this.report(1, 'done');
          return true;
        }
        this.report(Math.min(next.value.fraction, 1), next.value.phase);
      } while (Date.now() < deadline);
    } catch (error) {
      this.failure = { error };
      throw error;
    }
    return false;
  }

  /** Runs to the end synchronously (cancellation still checked between pieces). */
  run(): T {
    while (!this.step(Number.POSITIVE_INFINITY));
    return this.result;
  }

  /**
   * Runs to the end, awaiting `pause` between slices of `budgetMs` so that the thread can
   * take messages (e.g. a cancel request that aborts the signal).
   */
  async runAsync(pause: () => Promise<void> = defaultPause, budgetMs = 16): Promise<T> {
    while (!this.step(budgetMs)) await pause();
    return this.result;
  }

  private throwIfCancelled(): void {
    if (this.signal?.aborted !== true) return;
    this.work.return(undefined as T); // runs the work's finally blocks, if any
    throw new ProjectionCancelledError();
  }

  private report(fraction: number, phase: ProjectionPhase): void {
    this.fraction = Math.max(this.fraction, fraction);
    this.currentPhase = phase;
    this.onProgress?.(this.fraction, phase);
  }
}

function defaultPause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
