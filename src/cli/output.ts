/**
 * stdout for the commands. A write waits while the stream's buffer is full (so a slow reader
 * bounds memory), and a failed write (ENOSPC, EBADF, EIO …) ends the command with one line and
 * exit 1. EPIPE — the reader stopped early, as `| head` does — ends it quietly with exit 0.
 */
import { CliError, EXIT_FAILURE, EXIT_OK, describeFsError } from './common';

export interface TextOutput {
  readonly isTTY: boolean;
  /** Resolves when more may be written; rejects with a CliError once the stream has failed. */
  write(text: string): Promise<void>;
  /** Resolves when everything written has been handed to the system; rejects like `write`. */
  flush(): Promise<void>;
}

/** The slice of a Node Writable used here. */
export interface WritableLike {
  readonly isTTY?: boolean;
  write(text: string, callback: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export class StreamOutput implements TextOutput {
  private failure: Error | undefined;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly stream: WritableLike,
    private readonly name = 'stdout',
  ) {
    stream.on('error', (error) => this.fail(error));
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  async write(text: string): Promise<void> {
    this.check();
    const written = new Promise<void>((resolve) => {
      try {
        this.stream.write(text, (error) => {
          if (error) this.fail(error);
          resolve();
        });
      } catch (error) {
        // A synchronous stream (stdout redirected to a file) throws from write itself.
        this.fail(error as Error);
        resolve();
      }
    });
    this.last = written;
    // Always wait for the callback, not only when the buffer is full: a file's stream calls it on
    // process.nextTick, which a loop of already-resolved awaits would starve (800 MB instead of 400
    // for tokenize --json on 20 MB into a file).
    await written;
    this.check();
  }

  async flush(): Promise<void> {
    await this.last;
    this.check();
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  private check(): void {
    const failure = this.failure;
    if (!failure) return;
    if ((failure as NodeJS.ErrnoException).code === 'EPIPE') throw new CliError('', EXIT_OK);
    throw new CliError(`cannot write to ${this.name}: ${describeFsError(failure)}`, EXIT_FAILURE);
  }
}

/** stderr for messages: a failure to write them cannot be reported anywhere, so it is ignored (the exit code still tells). */
export function messageOutput(stream: WritableLike): { write(text: string): void } {
  stream.on('error', () => undefined);
  return {
    write(text) {
      try {
        stream.write(text, () => undefined);
      } catch {
        // Nowhere left to say it.
      }
    },
  };
}
