/**
 * token-lens: the same engine as the extension, from the command line.
 * Exit codes: 0 success, 1 unreadable input, failed output or failure, 2 usage error; one-line
 * messages on stderr. A reader that stops early (`| head`, EPIPE) ends the command quietly with 0.
 */
import { fstatSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Command } from './cli/command';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io, usageError } from './cli/common';
import { StreamOutput, messageOutput } from './cli/output';
import { countCommand } from './cli/count';
import { tokenizeCommand } from './cli/tokenize';
import { embedCommand } from './cli/embed';
import { neighborsCommand } from './cli/neighbors';
import { projectCommand } from './cli/project';
import { trainCommand } from './cli/train';
import { compileQuicklyFor } from './cli/quickCompiles';

const commands: readonly Command[] = [countCommand, tokenizeCommand, embedCommand, neighborsCommand, projectCommand, trainCommand];

function help(): string {
  return [
    'Token Lens — see what a language model receives.',
    '',
    'Usage:',
    ...commands.flatMap((command) => [`  ${command.usage}`, `      ${command.summary}`]),
    '',
    'token-lens help COMMAND (or COMMAND --help) lists its options.',
    'FILE omitted or "-" reads stdin. Tokenizers (--tokenizer SPEC): o200k_base (default), cl100k_base, p50k_base,',
    'r50k_base (gpt2); a path to tokenizer.json or a model folder; hub:ORG/NAME[@REVISION] (downloaded once).',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === 'help' && rest.length > 0) {
      const [topic, ...extra] = rest;
      const command = commands.find((candidate) => candidate.name === topic);
      if (!command || extra.length > 0) throw usageError(`expected one command after help, one of ${commands.map((c) => c.name).join(', ')}; got ${rest.map((arg) => JSON.stringify(arg)).join(' ')}`);
      return await commandHelp(command, io);
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === undefined) io.stderr.write(`${help()}\n`);
      else await io.stdout.write(`${help()}\n`);
      await io.stdout.flush();
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (!command) throw usageError(`unknown command "${name}"; try: ${commands.map((c) => c.name).join(', ')}`);
    let parsed;
    try {
      const options = { ...command.options, help: { type: 'boolean' as const, short: 'h' } };
      parsed = parseArgs({ args: negativeValuesInline(rest, options), allowPositionals: true, strict: true, options });
    } catch (error) {
      throw usageError(`${oneLine((error as Error).message)}; usage: ${command.usage}`);
    }
    if (parsed.values.help) return await commandHelp(command, io);
    if (parsed.positionals.length > command.maxPositionals) {
      throw usageError(`too many arguments; usage: ${command.usage}`);
    }
    if (command.tokenizesFiles) compileQuicklyFor(parsed.positionals);
    await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals, io);
    await io.stdout.flush();
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliError) {
      // An empty message stops quietly (the reader closed the pipe).
      if (error.message) io.stderr.write(`token-lens: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`token-lens: ${(error as Error)?.message ?? error}\n`);
    return EXIT_FAILURE;
  }
}

async function commandHelp(command: Command, io: Io): Promise<number> {
  await io.stdout.write(`${command.details ?? `usage: ${command.usage}`}\n`);
  await io.stdout.flush();
  return EXIT_OK;
}

/** parseArgs's message on one line, without its final full stop. */
function oneLine(message: string): string {
  return message.trim().replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
}

/**
 * `--dim -1` becomes `--dim=-1`: no option is a digit, so a negative number after an option that
 * takes a value is that value, and its range check can say what is allowed.
 */
function negativeValuesInline(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const takesValue = (arg: string): string | undefined => {
    const name = arg.startsWith('--') ? arg.slice(2) : Object.keys(options).find((key) => arg === `-${options[key].short}`);
    return name !== undefined && options[name]?.type === 'string' ? name : undefined;
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i] === '--' ? undefined : takesValue(args[i]);
    if (name !== undefined && i + 1 < args.length && /^-[0-9]/.test(args[i + 1])) out.push(`--${name}=${args[++i]}`);
    else if (args[i] === '--') return out.concat(args.slice(i));
    else out.push(args[i]);
  }
  return out;
}

/** stdin's bytes; a directory (`< dir`) fails as a file would instead of reading as empty. */
async function* stdinBytes(): AsyncGenerator<Uint8Array> {
  if (fstatSync(0).isDirectory()) throw Object.assign(new Error('stdin is a directory'), { code: 'EISDIR' });
  yield* process.stdin;
}

if (require.main === module) {
  const io: Io = {
    stdout: new StreamOutput(process.stdout),
    stderr: { ...messageOutput(process.stderr), isTTY: process.stderr.isTTY },
    stdin: stdinBytes,
    env: process.env,
  };
  main(process.argv.slice(2), io).then((code) => {
    // Exit once both streams have taken everything written: left to end by itself, Node first waits
    // for the optimising compiler's queued background work (it drains its worker tasks), which after
    // a long first text is tens of milliseconds of compiling code that will never run.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
