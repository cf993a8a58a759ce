import type { Encoder, TokenSpans } from '../core/tokenizer';
import type { Command } from './command';
import { loadEncoder, parseEncoding, readTextInput } from './common';

export const countCommand: Command = {
  name: 'count',
  usage: 'token-lens count [FILE] [--encoding NAME]',
  summary: 'print the number of tokens',
  options: { encoding: { type: 'string', short: 'e' }, 'allow-special': { type: 'boolean' } },
  maxPositionals: 1,
  run(values, [file], io) {
    const encoder = loadEncoder(parseEncoding(values.encoding as string | undefined));
    const text = readTextInput(file, io);
    io.stdout.write(`${encoder.count(text, { allowSpecial: values['allow-special'] === true })}\n`);
  },
};

export const tokenizeCommand: Command = {
  name: 'tokenize',
  usage: 'token-lens tokenize [FILE] [--encoding NAME] [--json] [--allow-special]',
  summary: 'show the tokens (ids, spans and text)',
  options: {
    encoding: { type: 'string', short: 'e' },
    json: { type: 'boolean' },
    'allow-special': { type: 'boolean' },
  },
  maxPositionals: 1,
  run(values, [file], io) {
    const encoder = loadEncoder(parseEncoding(values.encoding as string | undefined));
    const text = readTextInput(file, io);
    const tokens = encoder.tokenize(text, { allowSpecial: values['allow-special'] === true });
    if (values.json) {
      writeTokensJson(encoder, text, tokens, io.stdout);
    } else if (io.stdout.isTTY && !io.env.NO_COLOR) {
      io.stdout.write(`${colourTokens(text, tokens)}\n`);
    } else {
      for (let i = 0; i < tokens.count; i++) {
        const piece = text.slice(tokens.starts[i], tokens.ends[i]);
        io.stdout.write(`${tokens.ids[i]}\t${tokens.starts[i]}\t${tokens.ends[i]}\t${JSON.stringify(piece)}\n`);
      }
    }
  },
};

/** `{"encoding", "count", "tokens": [{id, start, end, text}]}` written a few thousand tokens at a time, never whole in memory. */
function writeTokensJson(encoder: Encoder, text: string, tokens: TokenSpans, stdout: { write(text: string): unknown }): void {
  stdout.write(`{"encoding":${JSON.stringify(encoder.name)},"count":${tokens.count},"tokens":[`);
  for (let first = 0; first < tokens.count; first += 4096) {
    const last = Math.min(tokens.count, first + 4096);
    const parts = new Array<string>(last - first);
    for (let i = first; i < last; i++) {
      const start = tokens.starts[i];
      const end = tokens.ends[i];
      parts[i - first] = JSON.stringify({ id: tokens.ids[i], start, end, text: text.slice(start, end) });
    }
    stdout.write(`${first > 0 ? ',' : ''}${parts.join(',')}`);
  }
  stdout.write(']}\n');
}

/** The text with alternating background colours per token (tokens sharing a character share its colour). */
function colourTokens(text: string, tokens: TokenSpans): string {
  const palette = ['\x1b[48;5;153m\x1b[30m', '\x1b[48;5;223m\x1b[30m', '\x1b[48;5;157m\x1b[30m', '\x1b[48;5;217m\x1b[30m'];
  const reset = '\x1b[0m';
  let out = '';
  let position = 0;
  for (let i = 0; i < tokens.count; i++) {
    const end = tokens.ends[i];
    if (end <= position) continue;
    const piece = text.slice(position, end).replace(/\r?\n/g, (newline) => `${reset}${newline === '\n' ? '↵' : '␍↵'}\n${palette[i % palette.length]}`);
    out += `${palette[i % palette.length]}${piece}${reset}`;
    position = end;
  }
  return out;
}
