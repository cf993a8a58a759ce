/**
 * `token-lens count`: one input prints its count alone (as it always has); several files and
 * directories print `COUNT<TAB>PATH` per file and a total, like wc; `--json` gives
 * {"encoding", "total", "files": [{"path", "count"}]}; `--chat MODEL` counts each input as the
 * chat request it is, framing included: as an OpenAI model's API bills it, or as an open model's
 * own chat_template renders it.
 */
import { statSync } from 'node:fs';
import { assertNever } from '../core/assertNever';
import { countChat, parseChat } from '../core/chat';
import { type TokenizerChatFraming, chatFramingOf } from '../core/hf';
import { parseTokenizerSpec } from '../core/models/tokenizerSpec';
import { DEFAULT_MODEL, DEFAULT_MODEL_TABLE, encodingForModel, takesChatRequests } from '../core/models';
import { Utf8StreamDecoder } from '../core/text/decode';
import { Encoder, type EncodingName, type TextTokenizer } from '../core/tokenizer';
import { DEFAULT_SIZE_CAP, countReport, isIgnoredFolder, walkWorkspace } from '../core/workspace';
import { displayName, workspaceFor } from '../node/workspaceFs';
import type { Command } from './command';
import { CliError, EXIT_FAILURE, type Io, describeFsError, inputError, loadEncoder, usageError } from './common';
import { MAX_SIZE_HELP, MAX_SIZE_OPTION, type SizeLimit, checkStdinOnce, inputName, parseMaxSize, readTextInput, readTextPieces } from './input';
import { needsPatternGuard, patternTimeLimitMs } from './patternGuard';
import { TOKENIZER_HELP, TOKENIZER_OPTIONS, loadTokenizer, refreshOption, tokenizerName, tokenizerSpecOption } from './tokenizerOption';
import { type TokenizeOptions, countTokens } from './tokenStream';

const USAGE = 'token-lens count [FILE|DIR…] [--tokenizer SPEC] [--refresh] [--json] [--chat MODEL] [--allow-special] [--max-size N]';
const SIZE_CAP_LABEL = `${DEFAULT_SIZE_CAP / 2 ** 20} MiB`;

export const countCommand: Command = {
  name: 'count',
  usage: USAGE,
  details: [
    `Usage: ${USAGE}`,
    '',
    'Prints the number of tokens of FILE (or stdin). With several inputs or a directory, one',
    '"COUNT<TAB>PATH" line per file and a "COUNT<TAB>total" line, like wc.',
    '',
    `  DIR                  its files as git would list them: .gitignore files apply (from the enclosing repository's root down; a DIR they ignore is skipped with a line on stderr), .git and symbolic links are left out; binary files and files past ${SIZE_CAP_LABEL} (or --max-size) are skipped with a line on stderr`,
    '  --json               {"encoding", "total", "files": [{"path", "count"}]}, paths as given (relative to the working directory)',
    `  --chat MODEL         count each input as a chat request (a JSON body, JSON Lines, a messages array or Markdown with "## user" headings) with the framing MODEL adds: an OpenAI chat model's API (e.g. ${DEFAULT_MODEL}), in its encoding, or an open model (hub:ORG/NAME, a model folder or its tokenizer.json) as its own chat_template renders it; --json adds "model", "content" and "framing"`,
    '  --allow-special      read special-token text such as <|endoftext|> as the special token (not with --chat)',
    'Never counts the BOS/EOS a model adds.',
    '',
    TOKENIZER_HELP,
    MAX_SIZE_HELP,
  ].join('\n'),
  summary: 'print the number of tokens of files, directories or a chat request',
  options: {
    ...TOKENIZER_OPTIONS,
    json: { type: 'boolean' },
    chat: { type: 'string' },
    'allow-special': { type: 'boolean' },
    ...MAX_SIZE_OPTION,
  },
  maxPositionals: Number.POSITIVE_INFINITY,
  tokenizesFiles: true,
  async run(values, positionals, io) {
    const limit = parseMaxSize(values['max-size'] as string | undefined);
    const timeLimitMs = patternTimeLimitMs(io.env);
    const chat = values.chat === undefined ? undefined : parseChatModel(values.chat as string, values);
    const spec = chat?.spec ?? tokenizerSpecOption(values);
    const encoder = chat?.encoding ? loadEncoder(chat.encoding) : await loadTokenizer(spec, io, refreshOption(values));
    const framing = chat ? chatFraming(encoder, chat.model) : undefined;
    const inputs = positionals.length === 0 ? ['-'] : positionals;
    checkStdinOnce(inputs);
    const folders = new Set(inputs.filter(isDirectory));
    if (chat && folders.size > 0) throw usageError(`--chat counts chat request files, not directories: ${[...folders][0]}`);
    const counter: Counter = {
      io,
      encoder,
      options: { allowSpecial: values['allow-special'] === true, patternTimeLimitMs: timeLimitMs },
      limit,
      sizeCap: values['max-size'] === undefined ? DEFAULT_SIZE_CAP : limit.bytes,
      chat: framing,
      failed: false,
    };
    const listing = values.json === true || inputs.length > 1 || folders.size > 0;
    const rows: FileCount[] = [];
    for (const input of inputs) {
      for await (const row of folders.has(input) ? countFolder(counter, input) : countInput(counter, input)) {
        rows.push(row);
        if (listing && !values.json) await io.stdout.write(`${row.count}\t${row.path}\n`);
      }
    }
    const total = sum(rows, (row) => row.count);
    if (values.json) await io.stdout.write(`${JSON.stringify(jsonReport(tokenizerName(encoder, spec), chat?.model, rows, total))}\n`);
    else if (listing) await io.stdout.write(`${total}\ttotal\n`);
    else if (rows.length === 1) await io.stdout.write(`${total}\n`);
    // Every failure has had its line on stderr; the exit code says it.
    if (counter.failed) throw new CliError('', EXIT_FAILURE);
  },
};

interface FileCount {
  readonly path: string;
  readonly count: number;
  /** With --chat: the message text, and what the API adds around it. */
  readonly content?: number;
  readonly framing?: number;
}

interface Counter {
  readonly io: Io;
  readonly encoder: TextTokenizer;
  readonly options: TokenizeOptions;
  readonly limit: SizeLimit;
  readonly sizeCap: number;
  /** With --chat: how the model frames a chat. */
  readonly chat: TokenizerChatFraming | undefined;
  failed: boolean;
}

function sum(rows: readonly FileCount[], value: (row: FileCount) => number | undefined): number {
  return rows.reduce((total, row) => total + (value(row) ?? 0), 0);
}

function jsonReport(encoding: string, model: string | undefined, files: readonly FileCount[], total: number): object {
  if (model === undefined) return countReport(encoding, files);
  return { encoding, model, total, content: sum(files, (row) => row.content), framing: sum(files, (row) => row.framing), files };
}

/**
 * --chat MODEL: a chat model of the table, or a chat model name whose encoding is known (an OpenAI
 * model: its encoding); else an open model, by the spec --tokenizer takes (hub:ORG/NAME, or a path).
 */
function parseChatModel(id: string, values: Record<string, string | boolean | undefined>): { model: string; encoding?: EncodingName; spec?: string } {
  if (tokenizerSpecOption(values) !== undefined) {
    throw usageError(`--chat MODEL sets the tokenizer (the model's own); drop --${values.tokenizer === undefined ? 'encoding' : 'tokenizer'}`);
  }
  if (values['allow-special']) throw usageError('--allow-special does not apply to --chat: the API reads special-token text in messages as text, a chat template as the model does');
  const known = DEFAULT_MODEL_TABLE.find(id);
  if ((known ? known.chat : takesChatRequests(id)) === false) {
    throw usageError(`--chat: ${known?.id ?? id.trim()} takes no chat requests; expected a chat model such as ${DEFAULT_MODEL}`);
  }
  const encoding = known?.encoding ?? encodingForModel(id);
  if (encoding) return { model: known?.id ?? id.trim(), encoding };
  if (isOpenModel(id)) return { model: id, spec: id };
  const chatModels = DEFAULT_MODEL_TABLE.models.filter((model) => model.chat).map((model) => model.id);
  throw usageError(`--chat: unknown model ${JSON.stringify(id)}; expected an OpenAI chat model such as ${chatModels.join(', ')}, or an open model: hub:ORG/NAME, a model folder or its tokenizer.json`);
}

/** Whether `id` names an open model: a Hub spec, or a path that exists (an encoding name is no chat model). */
function isOpenModel(id: string): boolean {
  try {
    const parsed = parseTokenizerSpec(id);
    return parsed.kind === 'hub' || (parsed.kind === 'path' && statSync(parsed.path, { throwIfNoEntry: false }) !== undefined);
  } catch {
    return false;
  }
}

/** How MODEL frames a chat: an open model needs its own chat_template, and a pattern this process can run unguarded. */
function chatFraming(tokenizer: TextTokenizer, model: string): TokenizerChatFraming {
  let framing: TokenizerChatFraming;
  try {
    framing = chatFramingOf(tokenizer);
  } catch (error) {
    throw inputError(`${model}: ${(error as Error).message}`);
  }
  if (tokenizer instanceof Encoder) return framing;
  if (!framing.templated) throw inputError(`--chat: ${model} has no chat_template (in tokenizer_config.json) to frame a chat with`);
  if (needsPatternGuard(tokenizer)) {
    throw inputError(`--chat: ${model}'s pre-tokenizer pattern has no built-in scanner, and a chat is counted in this process where it cannot be stopped; count the file without --chat (the pattern then runs under a time limit)`);
  }
  return framing;
}

/** Whether `input` is a directory; a path that cannot be examined is not, and reading it words the error. */
function isDirectory(input: string): boolean {
  try {
    return input !== '-' && statSync(input, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** A named file or stdin; a failure (its line already on stderr) gives no row. */
async function* countInput(counter: Counter, file: string): AsyncGenerator<FileCount> {
  const path = inputName(file) === 'stdin' ? '-' : file;
  try {
    if (!counter.chat) {
      yield { path, count: await countTokens(counter.encoder, readTextPieces(file, counter.io, counter.limit), counter.options) };
      return;
    }
    const row = countChatText(counter, counter.chat, inputName(file), await readTextInput(file, counter.io, counter.limit), path);
    if (row) yield row;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    fail(counter, error.message);
  }
}

function countChatText(counter: Counter, { framing, countText }: TokenizerChatFraming, name: string, text: string, path: string): FileCount | undefined {
  const parsed = parseChat(text);
  if (!parsed.ok) {
    fail(counter, `${name}: ${parsed.reason}`);
    return undefined;
  }
  for (const warning of parsed.chat.warnings) counter.io.stderr.write(`token-lens: warning: ${name}: ${warning}\n`);
  let count: ReturnType<typeof countChat>;
  try {
    count = countChat(parsed.chat, countText, framing);
  } catch (error) {
    // The model's template refused the chat (raise_exception) or was stopped: one line, as any input that cannot be counted.
    fail(counter, `${name}: ${(error as Error).message}`);
    return undefined;
  }
  return { path, count: count.total, content: count.content, framing: count.framing };
}

/** The folder's files, walked with the workspace rules; skipped files get a line on stderr. */
async function* countFolder(counter: Counter, folder: string): AsyncGenerator<FileCount> {
  const { fs, root } = workspaceFor(folder);
  const shown = (path: string) => {
    const inside = root === '' ? path : path.slice(root.length + 1);
    return inside === '' ? folder : `${folder.replace(/\/+$/, '')}/${displayName(inside)}`;
  };
  const say = (text: string) => counter.io.stderr.write(`token-lens: ${text}\n`);
  // As git lists files: none of a folder that a .gitignore above it ignores.
  if (await isIgnoredFolder(fs, root)) {
    say(`skipped ${folder}: ignored by a .gitignore file above it`);
    return;
  }
  for await (const file of walkWorkspace(fs, { sizeCap: counter.sizeCap }, root)) {
    const path = shown(file.path);
    switch (file.status) {
      case 'text': {
        const decoder = new Utf8StreamDecoder();
        const text = decoder.decode(file.bytes) + decoder.end();
        if (decoder.invalidSequences > 0) say(`warning: ${path}: ${decoder.invalidSequences} invalid UTF-8 sequence${decoder.invalidSequences === 1 ? '' : 's'} replaced with U+FFFD`);
        yield { path, count: await countTokens(counter.encoder, onePiece(text), counter.options) };
        break;
      }
      case 'binary':
        say(`skipped ${path}: binary`);
        break;
      case 'tooLarge':
        say(`skipped ${path}: ${file.size} bytes, larger than ${counter.sizeCap} (${counter.sizeCap === DEFAULT_SIZE_CAP ? SIZE_CAP_LABEL : `--max-size ${counter.limit.label}`})`);
        break;
      case 'error':
        fail(counter, `cannot read ${path}: ${describeFsError(file)}`);
        break;
      default:
        assertNever(file, 'walked file');
    }
  }
}

async function* onePiece(text: string): AsyncGenerator<string> {
  yield text;
}

function fail(counter: Counter, message: string): void {
  counter.io.stderr.write(`token-lens: ${message}\n`);
  counter.failed = true;
}
