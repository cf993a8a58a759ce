/**
 * Tokenizers whose pre-tokenizer patterns are untrusted run in a worker thread under a time
 * limit per piece of text (patternWorker.ts): past it the worker is terminated and the command
 * ends with one line naming the pattern.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HfTokenizer } from '../core/hf';
import type { EncodeOptions, TextTokenizer } from '../core/tokenizer';
import { inputError, usageError } from './common';
import type { PatternWorkerData, PatternWorkerReply, PatternWorkerRequest } from './patternWorker';
import type { TokenRun } from './tokenStream';

/** Seconds one piece of text (up to a megabyte) may take; TOKEN_LENS_PATTERN_TIME_LIMIT overrides it. */
export const DEFAULT_PATTERN_TIME_LIMIT_SECONDS = 10;

/** The tokenizer runs patterns no hand-written scanner covers. */
export function needsPatternGuard(tokenizer: TextTokenizer): tokenizer is HfTokenizer {
  return tokenizer instanceof HfTokenizer && tokenizer.untrustedPatterns.length > 0;
}

/** The most seconds a Node timer holds (2³¹ − 1 ms, about 24 days): past it Node warns and waits 1 ms instead. */
export const MAX_PATTERN_TIME_LIMIT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** The time limit from the environment: unset or empty gives the default; anything but seconds in range is a usage error. */
export function patternTimeLimitMs(env: Readonly<Record<string, string | undefined>>): number {
  const value = env.TOKEN_LENS_PATTERN_TIME_LIMIT;
  if (value === undefined || value === '') return DEFAULT_PATTERN_TIME_LIMIT_SECONDS * 1000;
  const seconds = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_PATTERN_TIME_LIMIT_SECONDS)) {
    throw usageError(
      `TOKEN_LENS_PATTERN_TIME_LIMIT must be a number of seconds above 0 and at most ${MAX_PATTERN_TIME_LIMIT_SECONDS.toLocaleString('en-US')} (about 24 days), got ${JSON.stringify(value)}`,
    );
  }
  return seconds * 1000;
}

/** The tokens of the pieces' text, tokenized in a worker that is terminated past `limitMs` on one piece. */
export async function* guardedTokenRuns(tokenizer: HfTokenizer, pieces: AsyncIterable<string>, options: EncodeOptions, limitMs: number): AsyncGenerator<TokenRun> {
  const workerData: PatternWorkerData = { data: { ...tokenizer.data, tables: tokenizer.tables }, options };
  const worker = new Worker(join(__dirname, 'patternWorker.js'), { workerData });
  let pending: { resolve(reply: PatternWorkerReply): void; reject(error: Error): void } | undefined;
  const settle = (outcome: PatternWorkerReply | Error) => {
    const waiting = pending;
    pending = undefined;
    if (outcome instanceof Error) waiting?.reject(outcome);
    else waiting?.resolve(outcome);
  };
  worker.on('message', settle);
  worker.on('error', (error) => settle(inputError(`${tokenizer.name}: ${error.message}`)));
  worker.on('exit', () => settle(inputError(`${tokenizer.name}: the tokenizer's worker stopped`)));
  const ask = (request: PatternWorkerRequest) =>
    new Promise<PatternWorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        const patterns = tokenizer.untrustedPatterns.map((pattern) => JSON.stringify(pattern)).join(', ');
        settle(inputError(`${tokenizer.name}: its pre-tokenizer pattern ${patterns} took over ${limitMs / 1000} s on this text and was stopped (a regular expression that backtracks without end?)`));
        void worker.terminate();
      }, limitMs);
      const done = () => clearTimeout(timer);
      pending = { resolve: (reply) => (done(), resolve(reply)), reject: (error) => (done(), reject(error)) };
      worker.postMessage(request);
    });
  let text = '';
  let textStart = 0;
  try {
    const take = (reply: PatternWorkerReply): TokenRun => {
      const run = { count: reply.ids.length, ids: reply.ids, starts: reply.starts, ends: reply.ends, text, textStart };
      text = text.slice(reply.offset - textStart);
      textStart = reply.offset;
      return run;
    };
    for await (const piece of pieces) {
      text += piece;
      yield take(await ask({ piece }));
    }
    yield take(await ask({ end: true }));
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
