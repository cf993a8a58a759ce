/** Test access to the built rank files and to the reference implementations. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import { Encoder, type EncodingName } from '../../src/core/tokenizer';

/** The project root, found from wherever the bundled test file runs. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.js'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}

const root = findRoot(__dirname);
const encoders = new Map<EncodingName, Encoder>();
const references = new Map<EncodingName, Tiktoken>();

export function rankFilePath(name: EncodingName): string {
  return join(root, 'dist', 'ranks', `${name}.tlr`);
}

export function ourEncoder(name: EncodingName): Encoder {
  let encoder = encoders.get(name);
  if (!encoder) {
    encoder = Encoder.fromRankFile(readFileSync(rankFilePath(name)), name);
    encoders.set(name, encoder);
  }
  return encoder;
}

/** js-tiktoken, the reference implementation. */
export function referenceEncoder(name: EncodingName): Tiktoken {
  let reference = references.get(name);
  if (!reference) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    reference = new Tiktoken(require(`js-tiktoken/ranks/${name}`));
    references.set(name, reference);
  }
  return reference;
}

/** js-tiktoken's ids, with special-token text either as text or as special tokens. */
export function referenceIds(name: EncodingName, text: string, allowSpecial = false): number[] {
  const reference = referenceEncoder(name);
  return allowSpecial ? reference.encode(text, 'all', []) : reference.encode(text, [], []);
}

export const projectRoot = root;
