/** The tokenizers Token Lens is measured against, behind one shape: load an encoding, encode text. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Encoder, type EncodingName } from '../src/core/tokenizer';

export type Encode = (text: string) => ArrayLike<number>;

export interface Peer {
  readonly name: string;
  load(encoding: EncodingName): Encode;
}

export function findRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'esbuild.js')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}

export const tokenLens: Peer = {
  name: 'Token Lens',
  load(encoding) {
    const encoder = Encoder.fromRankFile(readFileSync(join(findRoot(), 'dist', 'ranks', `${encoding}.tlr`)), encoding);
    return (text) => encoder.encode(text);
  },
};

export const jsTiktoken: Peer = {
  name: 'js-tiktoken 1.0.21',
  load(encoding) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tiktoken } = require('js-tiktoken/lite');
    const encoder = new Tiktoken(require(`js-tiktoken/ranks/${encoding}`));
    return (text) => encoder.encode(text, [], []);
  },
};

export const gptTokenizer: Peer = {
  name: 'gpt-tokenizer 4.0.0',
  load(encoding) {
    const module = require(`gpt-tokenizer/cjs/encoding/${encoding}`);
    const options = { disallowedSpecial: new Set<string>() };
    return (text) => module.encode(text, options);
  },
};

export const tiktokenWasm: Peer = {
  name: 'tiktoken 1.0.22 (WASM)',
  load(encoding) {
    const encoder = require('tiktoken').get_encoding(encoding);
    return (text) => encoder.encode(text, [], []);
  },
};

export const PEERS: readonly Peer[] = [tokenLens, jsTiktoken, gptTokenizer, tiktokenWasm];

export function peerNamed(name: string): Peer {
  const peer = PEERS.find((candidate) => candidate.name === name);
  if (!peer) throw new Error(`no peer ${name}`);
  return peer;
}
