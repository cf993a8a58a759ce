/** `token-lens tokenize`: input streamed in, tokens streamed out. */
import type { Command } from './command';
import { patternTimeLimitMs } from './patternGuard';
import type { Io } from './common';
import { MAX_SIZE_HELP, MAX_SIZE_OPTION, openTextPieces, parseMaxSize } from './input';
import { TOKENIZER_HELP, TOKENIZER_OPTIONS, loadTokenizer, refreshOption, tokenizerName, tokenizerSpecOption } from './tokenizerOption';
import { type TokenRun, tokenRuns } from './tokenStream';

const TOKENIZE_USAGE = 'token-lens tokenize [FILE] [--tokenizer SPEC] [--refresh] [--json] [--allow-special] [--max-size N]';

export const tokenizeCommand: Command = {
  name: 'tokenize',
  usage: TOKENIZE_USAGE,
  details: [
    `Usage: ${TOKENIZE_USAGE}`,
    '',
    'Shows the tokens of FILE (or stdin): coloured in a terminal, else one "id<TAB>start<TAB>end<TAB>text" line each.',
    '',
    TOKENIZER_HELP,
    '  --json               {"encoding", "tokens": [{"id", "start", "end", "text"}], "count"}, written as the tokens come',
    '  --allow-special      read special-token text such as <|endoftext|> as the special token',
    MAX_SIZE_HELP,
  ].join('\n'),
  summary: 'show the tokens (ids, spans and text)',
  options: {
    ...TOKENIZER_OPTIONS,
    json: { type: 'boolean' },
    'allow-special': { type: 'boolean' },
    ...MAX_SIZE_OPTION,
  },
  maxPositionals: 1,
  tokenizesFiles: true,
  async run(values, [file], io) {
    const limit = parseMaxSize(values['max-size'] as string | undefined);
    const options = { allowSpecial: values['allow-special'] === true, patternTimeLimitMs: patternTimeLimitMs(io.env) };
    const spec = tokenizerSpecOption(values);
    const encoder = await loadTokenizer(spec, io, refreshOption(values));
    const runs = tokenRuns(encoder, await openTextPieces(file, io, limit), options);
    if (values.json) await writeJson(io, tokenizerName(encoder, spec), runs);
    else if (io.stdout.isTTY && !io.env.NO_COLOR) await writeColoured(io, runs);
    else await writeLines(io, runs);
  },
};

/** `{"encoding", "tokens": […], "count"}`: the count last, so nothing waits for the whole text. */
async function writeJson(io: Io, encoding: string, runs: AsyncIterable<TokenRun>): Promise<void> {
  await io.stdout.write(`{"encoding":${JSON.stringify(encoding)},"tokens":[`);
  let count = 0;
  for await (const run of runs) {
    const items = new Array<string>(run.count);
    for (let i = 0; i < run.count; i++) {
      const start = run.starts[i];
      const end = run.ends[i];
      const text = JSON.stringify(run.text.slice(start - run.textStart, end - run.textStart));
      items[i] = `{"id":${run.ids[i]},"start":${start},"end":${end},"text":${text}}`;
    }
    await io.stdout.write((count > 0 ? ',' : '') + items.join(','));
    count += run.count;
  }
  await io.stdout.write(`],"count":${count}}\n`);
}

async function writeLines(io: Io, runs: AsyncIterable<TokenRun>): Promise<void> {
  for await (const run of runs) {
    let lines = '';
    for (let i = 0; i < run.count; i++) {
      const piece = run.text.slice(run.starts[i] - run.textStart, run.ends[i] - run.textStart);
      lines += `${run.ids[i]}\t${run.starts[i]}\t${run.ends[i]}\t${JSON.stringify(piece)}\n`;
    }
    await io.stdout.write(lines);
  }
}

const RESET = '\x1b[0m';

/** The text with alternating background colours per token (tokens sharing a character share its colour). */
async function writeColoured(io: Io, runs: AsyncIterable<TokenRun>): Promise<void> {
  const palette = ['\x1b[48;5;153m\x1b[30m', '\x1b[48;5;223m\x1b[30m', '\x1b[48;5;157m\x1b[30m', '\x1b[48;5;217m\x1b[30m'];
  let position = 0;
  let index = 0;
  for await (const run of runs) {
    let out = '';
    for (let i = 0; i < run.count; i++, index++) {
      const end = run.ends[i];
      if (end <= position) continue;
      const colour = palette[index % palette.length];
      out += `${colour}${terminalText(run.text.slice(position - run.textStart, end - run.textStart), colour)}${RESET}`;
      position = end;
    }
    await io.stdout.write(out);
  }
  await io.stdout.write('\n');
}

/**
 * A token's text for the coloured view: a line break is shown (↵, ␍↵) and kept; a lone carriage
 * return and every other control character but the tab is shown as its Control Pictures symbol, so none moves the cursor.
 */
export function terminalText(piece: string, colour: string): string {
  return piece.replace(/\r?\n|[\x00-\x08\x0b-\x1f\x7f]/g, (control) => {
    if (control === '\n' || control === '\r\n') return `${RESET}${control === '\n' ? '↵' : '␍↵'}\n${colour}`;
    return control === '\x7f' ? '␡' : String.fromCharCode(0x2400 + control.charCodeAt(0));
  });
}
