/**
 * Runs of one character class read in bounded steps: each run remembers where it got to, so
 * a scanner can ask for the same runs again next step and go on from there. With this a
 * pre-tokenizer finds the end of a chunk of any length without holding the thread.
 */
import { isBreakOrSlash, isOther } from './charClass';

/** Run kinds besides flag masks: `[^\s\p{L}\p{N}]` and `[\r\n/]`. */
export const OTHER_RUN = -1;
export const BREAK_OR_SLASH_RUN = -2;

/** Finds a chunk's end in steps that each read a bounded number of characters. */
export interface SteppedChunkEnd {
  /** Starts on the chunk at `position` of `text[0, end)`. */
  beginChunkEnd(text: string, position: number, end: number): void;
  /** Scans about `maxChars` more characters: the chunk's end, or -1 when it is not found yet. */
  chunkEndStep(maxChars: number): number;
}

/** What a run reads: the text up to `end`, code point by code point. */
export interface CodePointReader {
  readonly text: string;
  readonly end: number;
  /** Class flags of the code point at `i`; 0 past the end. */
  flags(i: number): number;
  /** UTF-16 length of the code point at `i`. */
  width(i: number): number;
}

/** A run of one kind being read in steps: where it got to, and where its last `track` character ended. */
interface Run {
  readonly from: number;
  readonly kind: number;
  readonly track: number;
  at: number;
  lastTracked: number;
  done: boolean;
}

/** Thrown by a run when its step's characters are used up; the step resumes from the remembered runs. */
const OUT_OF_STEP = { outOfStep: true };

/** The runs of one chunk whose end is being found, kept from step to step. */
export class SteppedRuns {
  private runs: Run[] = [];
  private left = 0;
  /** Where the last run's last `track` character ended (-1: none). */
  lastTracked = -1;

  /**
   * One step: `scan` with at most `maxChars` code points read across the runs it asks for
   * (beyond where earlier steps left them). Returns what `scan` returns, or -1 when the step
   * ran out; the runs are forgotten once `scan` completes.
   */
  step(maxChars: number, scan: () => number): number {
    this.left = maxChars;
    try {
      const result = scan();
      this.runs = [];
      return result;
    } catch (error) {
      if (error === OUT_OF_STEP) return -1;
      throw error;
    }
  }

  /** Past the run of `kind` from `from` (a flag mask or a run kind), noting where its last `track` character ended. */
  run(reader: CodePointReader, from: number, kind: number, track: number): number {
    let run = this.runs.find((r) => r.from === from && r.kind === kind && r.track === track);
    if (!run) this.runs.push((run = { from, kind, track, at: from, lastTracked: -1, done: false }));
    let at = run.at;
    let lastTracked = run.lastTracked;
    let left = this.left;
    while (!run.done) {
      const flags = reader.flags(at);
      const inRun =
        kind > 0
          ? (flags & kind) !== 0
          : kind === OTHER_RUN
            ? isOther(flags)
            : at < reader.end && isBreakOrSlash(reader.text.charCodeAt(at));
      if (!inRun) run.done = true;
      else if (left-- <= 0) break;
      else {
        at += reader.width(at);
        if ((flags & track) !== 0) lastTracked = at;
      }
    }
    run.at = at;
    run.lastTracked = lastTracked;
    this.left = left;
    if (!run.done) throw OUT_OF_STEP;
    this.lastTracked = lastTracked;
    return at;
  }
}
