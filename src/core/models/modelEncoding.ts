/**
 * Which encoding an OpenAI model name uses: exact names, then prefixes (dated snapshots,
 * fine-tunes, Azure's `gpt-35-turbo`), then "newer" families (gpt-5 and later, o-series),
 * which all use o200k_base. Mirrors tiktoken's model.py; checked against gpt-tokenizer's map.
 */
import type { EncodingName } from '../tokenizer/encodings';

const EXACT: Readonly<Record<string, EncodingName>> = {
  'gpt-4': 'cl100k_base',
  'gpt-3.5': 'cl100k_base',
  'gpt-3.5-turbo': 'cl100k_base',
  'gpt-35-turbo': 'cl100k_base',
  'davinci-002': 'cl100k_base',
  'babbage-002': 'cl100k_base',
  'text-embedding-ada-002': 'cl100k_base',
  'text-embedding-3-small': 'cl100k_base',
  'text-embedding-3-large': 'cl100k_base',
  'text-davinci-003': 'p50k_base',
  'text-davinci-002': 'p50k_base',
  'code-davinci-001': 'p50k_base',
  'code-davinci-002': 'p50k_base',
  'code-cushman-001': 'p50k_base',
  'code-cushman-002': 'p50k_base',
  'davinci-codex': 'p50k_base',
  'cushman-codex': 'p50k_base',
  'gpt-2': 'r50k_base',
  gpt2: 'r50k_base',
  'gpt-3': 'r50k_base',
  davinci: 'r50k_base',
  curie: 'r50k_base',
  babbage: 'r50k_base',
  ada: 'r50k_base',
};

/** Longest first where one is a prefix of another (gpt-4o- before gpt-4-). */
const PREFIXES: readonly (readonly [string, EncodingName])[] = [
  ['ft:gpt-3.5-turbo', 'cl100k_base'],
  ['ft:davinci-002', 'cl100k_base'],
  ['ft:babbage-002', 'cl100k_base'],
  ['ft:gpt-4o', 'o200k_base'],
  ['ft:gpt-4.1', 'o200k_base'],
  ['ft:gpt-4', 'cl100k_base'],
  ['gpt-3.5-turbo-', 'cl100k_base'],
  ['gpt-35-turbo-', 'cl100k_base'],
  ['chatgpt-4o-', 'o200k_base'],
  ['gpt-4o-', 'o200k_base'],
  ['gpt-4.1-', 'o200k_base'],
  ['gpt-4.5-', 'o200k_base'],
  ['gpt-4-', 'cl100k_base'],
  // GPT-3 era: text-ada-001, text-search-babbage-doc-001, code-search-ada-code-001, …
  ['text-similarity-', 'r50k_base'],
  ['text-search-', 'r50k_base'],
  ['code-search-', 'r50k_base'],
  ['text-ada-', 'r50k_base'],
  ['text-babbage-', 'r50k_base'],
  ['text-curie-', 'r50k_base'],
  ['text-davinci-001', 'r50k_base'],
];

/** gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and later, o1/o3/o4-mini and later, chatgpt-*: o200k_base. */
const NEWER = /^(?:ft:)?(?:gpt-4o|gpt-4\.[1-9]|gpt-(?:[5-9]|\d{2,})(?:[.-]|$)|o[1-9]\d*(?:-|$)|chatgpt-)/;

/** The encoding of an OpenAI model name (case-insensitive); undefined when the name is not one we know. */
export function encodingForModel(name: string): EncodingName | undefined {
  const model = name.trim().toLowerCase();
  if (Object.hasOwn(EXACT, model)) return EXACT[model];
  for (const [prefix, encoding] of PREFIXES) if (model.startsWith(prefix)) return encoding;
  return NEWER.test(model) ? 'o200k_base' : undefined;
}

/** Completion and embedding models (GPT-2, GPT-3, Codex, text-*, davinci-002 and their fine-tunes): no chat requests. */
const NO_CHAT = /^(?:gpt-?2|gpt-3|(?:ft:)?(?:davinci|babbage|curie|ada)(?:-\d{3})?(?::.*)?|(?:text|code)-.*|(?:davinci|cushman)-codex)$/;

/** Whether a model name whose encoding is known takes chat requests; undefined when the name is not one we know. */
export function takesChatRequests(name: string): boolean | undefined {
  if (encodingForModel(name) === undefined) return undefined;
  return !NO_CHAT.test(name.trim().toLowerCase());
}
