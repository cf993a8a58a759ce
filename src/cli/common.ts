/** Conventions shared by every `token-lens` command: input, encodings, errors, exit codes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUtf8Lenient } from '../core/text/decode';
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
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly readStdin: () => Uint8Array;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Reads FILE (or stdin for undefined / "-") as UTF-8; invalid bytes become U+FFFD with a warning. */
export function readTextInput(file: string | undefined, io: Io): string {
  const name = file === undefined || file === '-' ? 'stdin' : file;
  let bytes: Uint8Array;
  try {
    bytes = name === 'stdin' ? io.readStdin() : readFileSync(name);
  } catch (error) {
    throw inputError(`cannot read ${name}: ${describeFsError(error)}`);
  }
  const { text, invalidSequences } = decodeUtf8Lenient(bytes);
  if (invalidSequences > 0) {
    io.stderr.write(
      `token-lens: warning: ${name}: ${invalidSequences} invalid UTF-8 sequence${invalidSequences === 1 ? '' : 's'} replaced with U+FFFD\n`,
    );
  }
  return text;
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

export function parseInteger(option: string, value: string | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < min) {
    throw usageError(`--${option} must be an integer ≥ ${min}, got "${value}"`);
  }
  return number;
}

/** "no such file", "is a directory", … for a failed file-system call. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
