/**
 * token-lens: the same engine as the extension, from the command line.
 * Exit codes: 0 success, 1 unreadable input or failure, 2 usage error; one-line messages on stderr.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from './cli/command';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, usageError } from './cli/common';
import { countCommand, tokenizeCommand } from './cli/tokenize';
import { embedCommand } from './cli/embed';
import { neighborsCommand } from './cli/neighbors';
import { projectCommand } from './cli/project';
import { trainCommand } from './cli/train';

const commands: readonly Command[] = [countCommand, tokenizeCommand, embedCommand, neighborsCommand, projectCommand, trainCommand];

function help(): string {
  return [
    'Token Lens — see what a language model receives.',
    '',
    'Usage:',
    ...commands.flatMap((command) => [`  ${command.usage}`, `      ${command.summary}`]),
    '',
    'FILE omitted or "-" reads stdin. Encodings: o200k_base (default), cl100k_base, p50k_base, r50k_base (gpt2).',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${help()}\n`);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  try {
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw usageError(`unknown command "${name}"; try: ${commands.map((c) => c.name).join(', ')}`);
    let parsed;
    try {
      const options = { ...command.options, help: { type: 'boolean' as const, short: 'h' } };
      parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    } catch (error) {
      throw usageError(`${firstSentence((error as Error).message)}; usage: ${command.usage}`);
    }
    if (parsed.values.help) {
      io.stdout.write(`${command.details ?? `usage: ${command.usage}`}\n`);
      return EXIT_OK;
    }
    if (parsed.positionals.length > command.maxPositionals) {
      throw usageError(`too many arguments; usage: ${command.usage}`);
    }
    await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`token-lens: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`token-lens: ${(error as Error)?.message ?? error}\n`);
    return EXIT_FAILURE;
  }
}

function firstSentence(message: string): string {
  return message.split(/\.\s|\n/)[0].replace(/\.$/, '');
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readFileSync(0),
    env: process.env,
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
