/**
 * Text input for the commands: FILE or stdin, read in pieces and decoded as UTF-8 as it comes
 * (a character cut between pieces decodes whole; invalid bytes become U+FFFD with one warning
 * at the end), and refused past --max-size so an endless stream (/dev/zero, `yes |`) cannot
 * fill memory.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Utf8StreamDecoder } from '../core/text/decode';
import { type Io, describeFsError, inputError, parseInteger, usageError } from './common';

/** 256 MiB: far beyond any model's context, small enough to hold as one string. */
export const DEFAULT_MAX_SIZE = '256M';
/** A JavaScript string holds at most 2²⁹ − 24 UTF-16 units, so whole-text encoding caps the input here. */
const LARGEST_MAX_SIZE = 511 * 2 ** 20;
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };
/** Bytes per read from a file. */
const READ_BYTES = 2 ** 20;

export const MAX_SIZE_OPTION = { 'max-size': { type: 'string' } } as const;
export const MAX_SIZE_HELP =
  `  --max-size N         stop with an error past N bytes of input (default ${DEFAULT_MAX_SIZE}, at most 511M); ` +
  'N is a decimal integer, optionally followed by K, M or G (KiB, MiB, GiB)';

export interface SizeLimit {
  readonly bytes: number;
  /** As the user wrote it, e.g. "256M". */
  readonly label: string;
}

/** --max-size: decimal digits with an optional K, M or G suffix (powers of 1024). */
export function parseMaxSize(value: string | undefined): SizeLimit {
  const label = value ?? DEFAULT_MAX_SIZE;
  const match = /^([0-9]+)([KMG]?)$/.exec(label);
  const unit = match ? SIZE_UNITS[match[2]] : 1;
  const problem = usageError(
    `--max-size must be a decimal integer of bytes from 1 to 511M, optionally followed by K, M or G (KiB, MiB, GiB), got ${JSON.stringify(label)}`,
  );
  if (!match) throw problem;
  let count: number;
  try {
    count = parseInteger('max-size', match[1], { min: 1, max: Math.floor(LARGEST_MAX_SIZE / unit) }, 0);
  } catch {
    throw problem;
  }
  return { bytes: count * unit, label };
}

/** The input's name in messages: the path, or "stdin". */
export function inputName(file: string | undefined): string {
  return file === undefined || file === '-' ? 'stdin' : file;
}

/** stdin can be read once: a second "-" among the inputs is a usage error. */
export function checkStdinOnce(inputs: readonly string[]): void {
  if (inputs.filter((input) => input === '-').length > 1) throw usageError('stdin ("-") can be read only once');
}

/** FILE (or stdin for undefined / "-") as decoded text, piece by piece. */
export async function* readTextPieces(file: string | undefined, io: Io, limit: SizeLimit): AsyncGenerator<string> {
  const name = inputName(file);
  const decoder = new Utf8StreamDecoder();
  let total = 0;
  for await (const bytes of name === 'stdin' ? readStdin(io) : readFile(name, limit)) {
    total += bytes.length;
    if (total > limit.bytes) {
      throw inputError(`${name}: more than --max-size ${limit.label} (${limit.bytes} bytes) of input; pass a larger --max-size or a part of the input`);
    }
    const text = decoder.decode(bytes);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
  const invalid = decoder.invalidSequences;
  if (invalid > 0) {
    io.stderr.write(`token-lens: warning: ${name}: ${invalid} invalid UTF-8 sequence${invalid === 1 ? '' : 's'} replaced with U+FFFD\n`);
  }
}

/**
 * readTextPieces with the input opened and its first piece read now: a missing file, a directory
 * or input already past --max-size fails before the command writes anything.
 */
export async function openTextPieces(file: string | undefined, io: Io, limit: SizeLimit): Promise<AsyncIterable<string>> {
  const pieces = readTextPieces(file, io, limit);
  const first = await pieces.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* pieces;
  })();
}

/** The whole text, for commands that need all of it at once (embed tables, project). */
export async function readTextInput(file: string | undefined, io: Io, limit: SizeLimit): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of readTextPieces(file, io, limit)) pieces.push(piece);
  return pieces.join('');
}

async function* readStdin(io: Io): AsyncGenerator<Uint8Array> {
  try {
    yield* io.stdin();
  } catch (error) {
    throw inputError(`cannot read stdin: ${describeFsError(error)}`);
  }
}

/** A directory fails at once; a regular file larger than the limit fails before it is read; pipes and devices are read as streams. */
async function* readFile(path: string, limit: SizeLimit): AsyncGenerator<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw inputError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw inputError(`cannot read ${path}: is a directory`);
    if (stat.isFile() && stat.size > limit.bytes) {
      throw inputError(`${path} is larger than --max-size ${limit.label} (${limit.bytes} bytes): ${stat.size} bytes; pass a larger --max-size or a part of the file`);
    }
    // One buffer for every read: each piece is decoded before the next read.
    const buffer = new Uint8Array(READ_BYTES);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        throw inputError(`cannot read ${path}: ${describeFsError(error)}`);
      }
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
