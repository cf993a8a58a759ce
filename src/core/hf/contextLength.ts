/**
 * An open model's own context window, from the Hugging Face files beside its tokenizer.json:
 * config.json's `max_position_embeddings` (under `text_config` for multimodal models such as
 * Gemma 3), else tokenizer_config.json's `model_max_length` when it is a real figure (the
 * library writes int(1e30) there for "unset"). The files are untrusted: whatever is missing,
 * malformed or absurd gives "unknown" with why, never an error that stops the model opening.
 */
import { type IntegerRange, describeRange, inRange } from '../integerRange';
import { describeValue } from './json';

/** Windows believed: above 16 M tokens is no model's (Llama 4 Scout's 10 M is the largest known), but an "unset" marker. */
export const CONTEXT_LENGTH_RANGE: IntegerRange = { min: 1, max: 16 * 1024 * 1024 };

export const MODEL_CONFIG_FILE = 'config.json';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/** Known: how many tokens and where that was read ("config.json max_position_embeddings"); unknown: why, in one line. */
export type ModelContextLength = { readonly known: true; readonly tokens: number; readonly from: string } | { readonly known: false; readonly why: string };

/** A file as read: its bytes, undefined when the model has none, or why it could not be read. */
export type ConfigFile = Uint8Array | undefined | { readonly unreadable: string };

/** From config.json: `max_position_embeddings`, at the top or in `text_config` (the first present decides). */
export function configContextLength(file: ConfigFile): ModelContextLength {
  const parsed = parseObject(MODEL_CONFIG_FILE, file);
  if ('why' in parsed) return parsed;
  const key = 'max_position_embeddings';
  if (Object.hasOwn(parsed.object, key)) return checked(MODEL_CONFIG_FILE, key, parsed.object[key]);
  const text = Object.hasOwn(parsed.object, 'text_config') ? parsed.object.text_config : undefined;
  if (isObject(text) && Object.hasOwn(text, key)) return checked(MODEL_CONFIG_FILE, `text_config.${key}`, text[key]);
  return unknown(`${MODEL_CONFIG_FILE}: no ${key} (nor text_config.${key})`);
}

/** From tokenizer_config.json: `model_max_length`, only when it is a whole number in range. */
export function tokenizerConfigContextLength(file: ConfigFile): ModelContextLength {
  const parsed = parseObject(TOKENIZER_CONFIG_FILE, file);
  if ('why' in parsed) return parsed;
  const key = 'model_max_length';
  return Object.hasOwn(parsed.object, key) ? checked(TOKENIZER_CONFIG_FILE, key, parsed.object[key]) : unknown(`${TOKENIZER_CONFIG_FILE}: no ${key}`);
}

/**
 * The model's context window from its files, each read through `read` by name: config.json, then
 * tokenizer_config.json only when config.json does not say (Gemma 3's is a megabyte). Unknown gives every reason.
 */
export async function readContextLength(read: (file: string) => ConfigFile | Promise<ConfigFile>): Promise<ModelContextLength> {
  const fromConfig = configContextLength(await read(MODEL_CONFIG_FILE));
  if (fromConfig.known) return fromConfig;
  const fromTokenizerConfig = tokenizerConfigContextLength(await read(TOKENIZER_CONFIG_FILE));
  return fromTokenizerConfig.known ? fromTokenizerConfig : unknown(`${fromConfig.why}; ${fromTokenizerConfig.why}`);
}

function parseObject(name: string, file: ConfigFile): { readonly object: Record<string, unknown> } | { readonly known: false; readonly why: string } {
  if (file === undefined) return unknown(`no ${name}`);
  if (!(file instanceof Uint8Array)) return unknown(`${name}: ${file.unreadable}`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(file));
  } catch (error) {
    return unknown(`${name}: expected JSON, found a file that does not parse (${oneLine((error as Error).message)})`);
  }
  return isObject(value) ? { object: value } : unknown(`${name}: expected an object, found ${describeValue(value)}`);
}

function checked(file: string, key: string, value: unknown): ModelContextLength {
  if (typeof value === 'number' && inRange(value, CONTEXT_LENGTH_RANGE)) return { known: true, tokens: value, from: `${file} ${key}` };
  return unknown(`${file}: ${key}: expected a whole number of tokens ${describeRange(CONTEXT_LENGTH_RANGE)}, found ${describeValue(value)}`);
}

/** A parser's message quotes the file: kept to one short line. */
function oneLine(message: string): string {
  const line = message.replace(/\s+/g, ' ');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function unknown(why: string): { readonly known: false; readonly why: string } {
  return { known: false, why };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
