/** Thrown (or rejected with) when a projection's cancellation signal fires between steps. */
export class ProjectionCancelledError extends Error {
  /** Stable across worker boundaries, where the class itself is lost in structured cloning. */
  readonly code = 'ProjectionCancelled';

  constructor(message = 'The projection was cancelled.') {
    super(message);
    this.name = 'ProjectionCancelledError';
  }
}

/** Thrown when the vectors cannot be projected: wrong shape, or a NaN or infinite value. */
export class ProjectionInputError extends Error {
  readonly code = 'ProjectionInput';

  constructor(message: string) {
    super(message);
    this.name = 'ProjectionInputError';
  }
}

/** True for a cancellation error, including one that crossed a worker boundary as a plain object. */
export function isProjectionCancelled(error: unknown): boolean {
  if (error instanceof ProjectionCancelledError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return code === 'ProjectionCancelled' || name === 'ProjectionCancelledError';
}
