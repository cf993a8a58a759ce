import type { ParseArgsConfig } from 'node:util';
import type { Io } from './common';

/** One `token-lens` sub-command. */
export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Printed by `token-lens NAME --help` (the usage line when absent). */
  readonly details?: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Allowed positional arguments. */
  readonly maxPositionals: number;
  /** Its positionals are text files it tokenizes: short ones are read with quick compiles (./quickCompiles.ts). */
  readonly tokenizesFiles?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<void>;
}
