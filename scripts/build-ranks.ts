/**
 * Converts js-tiktoken's base64 rank tables into Token Lens's binary rank files.
 * Run by esbuild.js; writes dist/ranks/NAME.tlr only when missing or older than js-tiktoken.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODING_NAMES } from '../src/core/tokenizer/encodings';
import { parseRankFile, rankDataFromTokens, serializeRankFile } from '../src/core/tokenizer/rankFile';

interface TiktokenRanks {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

export function buildRankFiles(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const source = require.resolve('js-tiktoken');
  const sourceTime = statSync(source).mtimeMs;
  const written: string[] = [];
  for (const name of ENCODING_NAMES) {
    const target = join(outDir, `${name}.tlr`);
    if (isNewer(target, sourceTime) && isCurrentFormat(target)) continue;
    const ranks: TiktokenRanks = require(`js-tiktoken/ranks/${name}`);
    const tokensByRank: Uint8Array[] = [];
    for (const line of ranks.bpe_ranks.split('\n')) {
      if (!line) continue;
      // Each line: "<separator> <first rank> <base64 token> <base64 token> ..."
      const [, first, ...tokens] = line.split(' ');
      const offset = Number.parseInt(first, 10);
      tokens.forEach((token, i) => (tokensByRank[offset + i] = Buffer.from(token, 'base64')));
    }
    const data = rankDataFromTokens(name, ranks.pat_str, ranks.special_tokens, tokensByRank);
    writeFileSync(target, serializeRankFile(data));
    written.push(target);
  }
  return written;
}

function isNewer(file: string, than: number): boolean {
  try {
    return statSync(file).mtimeMs >= than;
  } catch {
    return false;
  }
}

/** Whether `file` parses as a rank file of this build's format version (an older build's file is rewritten). */
function isCurrentFormat(file: string): boolean {
  try {
    parseRankFile(readFileSync(file), file);
    return true;
  } catch {
    return false;
  }
}
