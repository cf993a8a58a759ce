/** Conventions shared by every `token-lens` command: input, encodings, errors, exit codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextOutput } from './output';
import { type IntegerRange, describeRange } from '../core/integerRange';
import {
  DEFAULT_ENCODING,
  Encoder,
  type EncodingName,
  describeEncodingNames,
  resolveEncodingName,
} from '../core/tokenizer';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error that ends the command with a one-line message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, EXIT_USAGE);
export const inputError = (message: string): CliError => new CliError(message, EXIT_FAILURE);

export interface Io {
  /** Writes wait while the reader is behind; a failed write rejects with a CliError (see output.ts). */
  readonly stdout: TextOutput;
  /** Messages; a failure to write them is ignored. */
  readonly stderr: { write(text: string): void; readonly isTTY?: boolean };
  /** stdin's bytes as they arrive. */
  readonly stdin: () => AsyncIterable<Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function parseEncoding(value: string | undefined): EncodingName {
  if (value === undefined) return DEFAULT_ENCODING;
  const name = resolveEncodingName(value);
  if (!name) throw usageError(`unknown encoding "${value}"; expected one of ${describeEncodingNames()}`);
  return name;
}

/** Rank files sit beside the bundled CLI in dist/ranks. */
export function loadEncoder(name: EncodingName): Encoder {
  const file = join(__dirname, 'ranks', `${name}.tlr`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw inputError(`cannot read the ${name} rank file ${file}: ${describeFsError(error)} (run npm run build)`);
  }
  return Encoder.fromRankFile(bytes, file);
}

/** The inclusive range a numeric option accepts. */

/**
 * The one parser of numeric options: decimal digits only (no sign, spaces, "0x", exponent or
 * fraction), inside `range`; a usage error naming the option and the range otherwise.
 */
export function parseInteger(option: string, value: string | undefined, range: IntegerRange, fallback: number): number {
  if (value === undefined) return fallback;
  const number = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= range.min && number <= range.max)) {
    throw usageError(`--${option} must be a decimal integer ${describeRange(range)}, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** "from 2 to 65,536": a range for messages and help. */

/** "no such file", "is a directory", … for a failed file-system call. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EBADF':
      return 'the file descriptor is closed';
    case 'ERR_NOT_REGULAR_FILE':
      return 'not a regular file';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
