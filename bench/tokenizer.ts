/**
 * Tokenizer benchmark: Token Lens side by side with js-tiktoken, gpt-tokenizer and tiktoken
 * (WASM) on the same inputs. Not a test: it prints figures, it asserts nothing.
 *   node out/bench/tokenizer.js [--quick] [--only[=]ready|throughput|hostile|long|first|processes|editor]
 *   npm run bench -- tokenizer --only=first
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENCODING_NAMES, type EncodingName } from '../src/core/tokenizer';
import { hostileInputs, mixedText } from './corpus';
import { editorPath } from './editorPath';
import { PEERS, type Peer, findRoot, gptTokenizer, jsTiktoken, peerNamed, tiktokenWasm, tokenLens } from './peers';
import { median, ms, percentile, printTable, ratio } from './table';

const quick = process.argv.includes('--quick');
const root = findRoot();

/** Runs one measurement in a fresh Node process (cold module caches, and a way to stop a runaway). */
function inChild(args: string[], timeoutMs: number): number | undefined {
  const result = spawnSync(process.execPath, [__filename, '--child', ...args], { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) return undefined;
  return Number(result.stdout.trim());
}

function child(task: string, peerName: string, encoding: EncodingName, input?: string): void {
  const peer = peerNamed(peerName);
  if (task === 'ready') {
    const started = performance.now();
    peer.load(encoding)('hello world');
    console.log(performance.now() - started);
    return;
  }
  const text = hostileInputs(20_000)[input as string];
  const encode = peer.load(encoding);
  if (task === 'first') {
    // As the CLI's one-word run does: one word, then the input, timed once.
    encode('hello');
    const started = performance.now();
    encode(text);
    console.log(performance.now() - started);
    return;
  }
  encode('warm up');
  const runs = peer === jsTiktoken ? 1 : 5;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    encode(text);
    times.push(performance.now() - started);
  }
  console.log(median(times));
}

function readiness(): void {
  const rows = ENCODING_NAMES.map((encoding) => {
    const times = PEERS.map((peer) => median([0, 1, 2].map(() => inChild(['ready', peer.name, encoding], 60_000) ?? NaN)));
    return [encoding, ...times.map(ms), ratio(times[0], times[1]), ratio(times[0], times[3])];
  });
  printTable('Encoder ready (fresh process: load ranks + first encode; median of 3)', ['encoding', ...PEERS.map((p) => p.name), 'vs js-tiktoken', 'vs WASM'], rows);
}

/** Encodes `size` characters of mixed text in this (child) process: 2 warm-ups, then the median of timed runs. */
function throughputChild(peer: Peer, encoding: EncodingName, size: number): void {
  const text = mixedText(root, size);
  const encode = peer.load(encoding);
  const count = encode(text).length;
  encode(text);
  const runs = peer === jsTiktoken ? 3 : size > 2_000_000 ? 5 : 9;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    encode(text);
    times.push(performance.now() - started);
  }
  console.log(JSON.stringify({ ms: median(times), count }));
}

function throughput(): void {
  const sizes = quick ? [1_000_000] : [1_000_000, 10_000_000];
  for (const size of sizes) {
    const rows: string[][] = [];
    for (const encoding of ENCODING_NAMES) {
      // Each library in its own process: no shared heap, JIT state or caches between them.
      const results = PEERS.map((peer) => {
        const run = spawnSync(process.execPath, [__filename, '--child', 'throughput', peer.name, encoding, String(size)], { encoding: 'utf8' });
        return run.status === 0 ? (JSON.parse(run.stdout) as { ms: number; count: number }) : { ms: NaN, count: NaN };
      });
      const times = results.map((result) => result.ms);
      const counts = results.map((result) => result.count);
      const agree = counts.every((count) => count === counts[0]) ? 'yes' : `NO: ${counts.join('/')}`;
      rows.push([encoding, ...times.map(ms), ratio(times[0], times[2]), ratio(times[0], times[3]), counts[0].toLocaleString('en-US'), agree]);
    }
    printTable(
      `Encode ${(size / 1e6).toFixed(0)} MB of mixed prose/code/CJK (each library in a fresh process; median after 2 warm-ups)`,
      ['encoding', ...PEERS.map((p) => p.name), 'vs gpt-tokenizer', 'vs WASM', 'tokens', 'same ids count'],
      rows,
    );
  }
}

function hostile(): void {
  const inputs = Object.keys(hostileInputs(20_000));
  const encodings: EncodingName[] = quick ? ['o200k_base'] : ['o200k_base', 'cl100k_base'];
  for (const encoding of encodings) {
    const rows = inputs.map((input) => {
      const times = PEERS.map((peer) => inChild(['hostile', peer.name, encoding, input], peer === jsTiktoken ? 20_000 : 120_000));
      return [input, ...times.map((time) => (time === undefined ? '> 20 s (stopped)' : ms(time)))];
    });
    printTable(`Hostile 20,000-character inputs, ${encoding} (median of 5; js-tiktoken: 1 run, stopped after 20 s)`, ['input', ...PEERS.map((p) => p.name)], rows);
  }
}

/**
 * The first encode of each 20,000-character input in a fresh process, after loading and one word:
 * the cold cost of the same code path without the noise of starting and stopping Node (the
 * whole-process figures below also hold an exit that waits for the optimising compiler's running jobs).
 */
function firstEncode(): void {
  const peers = [tokenLens, gptTokenizer, tiktokenWasm];
  const inputs = Object.keys(hostileInputs(20_000));
  const times = inputs.map(() => peers.map(() => [] as number[]));
  for (let round = 0; round < FIRST_ROUNDS; round++) {
    inputs.forEach((input, i) => peers.forEach((peer, j) => times[i][j].push(inChild(['first', peer.name, 'o200k_base', input], 60_000) ?? NaN)));
  }
  const cell = (values: number[]) => `${ms(median(values))} (${ms(percentile(values, 25))}–${ms(percentile(values, 75))})`;
  printTable(
    `First encode of a 20,000-character input in a fresh process (after loading and one word), o200k_base; median and quartiles of ${FIRST_ROUNDS} processes`,
    ['input', ...peers.map((peer) => peer.name)],
    inputs.map((input, i) => [input, ...times[i].map(cell)]),
  );
}

/** Fresh processes per input and peer in firstEncode. */
const FIRST_ROUNDS = 11;

/** Peers that may not finish or may crash on a long single chunk get this long. */
const LONG_CHUNK_TIMEOUT_MS = 30_000;

/** In a child: encodes one repeated letter `size` times; prints time, token count and peak RSS. */
function longChunkChild(peer: Peer, encoding: EncodingName, size: number): void {
  const encode = peer.load(encoding);
  encode('warm up');
  const text = 'a'.repeat(size);
  const started = performance.now();
  const count = encode(text).length;
  const time = performance.now() - started;
  console.log(JSON.stringify({ ms: time, count, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

/** One repeated letter of 1 MB and 20 MB: a single pre-tokenizer chunk, each library in its own process. */
function longChunks(): void {
  const peers = [tokenLens, gptTokenizer, tiktokenWasm];
  const rows: string[][] = [];
  for (const size of quick ? [1_000_000] : [1_000_000, 20_000_000]) {
    const cells = peers.map((peer) => {
      const run = spawnSync(process.execPath, [__filename, '--child', 'long', peer.name, 'o200k_base', String(size)], {
        encoding: 'utf8',
        timeout: LONG_CHUNK_TIMEOUT_MS,
        maxBuffer: 1 << 20,
      });
      if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `did not finish in ${LONG_CHUNK_TIMEOUT_MS / 1000} s`;
      if (run.status !== 0) {
        const line = run.stderr.split('\n').find((text) => /^\w*Error/.test(text.trim()));
        return `failed: ${line?.trim() ?? `exit ${run.status}`}`;
      }
      const result = JSON.parse(run.stdout) as { ms: number; count: number; rssMB: number };
      return `${ms(result.ms)}, ${result.rssMB.toFixed(0)} MB peak RSS (${result.count.toLocaleString('en-US')} tokens)`;
    });
    rows.push([`a × ${(size / 1e6).toFixed(0)} MB`, ...cells]);
  }
  printTable(
    `One repeated letter as a single chunk, o200k_base (encode time; peak RSS of the whole process; stopped after ${LONG_CHUNK_TIMEOUT_MS / 1000} s)`,
    ['input', ...peers.map((peer) => peer.name)],
    rows,
  );
}

/** Runs of each whole-process figure. */
const ROUNDS = 21;

/** Whole processes: the CLI against a script that loads gpt-tokenizer and encodes the same file. */
function processes(): void {
  const dir = mkdtempSync(join(tmpdir(), 'token-lens-bench-'));
  try {
    const big = join(dir, 'mixed-10MB.txt');
    writeFileSync(big, mixedText(root, quick ? 1_000_000 : 10_000_000));
    const word = join(dir, 'word.txt');
    writeFileSync(word, 'hello');
    const peerScript = join(dir, 'gpt-tokenizer-count.js');
    writeFileSync(
      peerScript,
      `const { encode } = require(${JSON.stringify(require.resolve('gpt-tokenizer/cjs/encoding/o200k_base'))});\n` +
        `const text = require('fs').readFileSync(process.argv[2], 'utf8');\n` +
        `console.log(encode(text, { disallowedSpecial: new Set() }).length);\n`,
    );
    const cli = join(root, 'dist', 'cli.js');
    /** One process: its wall time and what it printed. */
    const run = (args: string[]) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      return { ms: performance.now() - started, output: result.stdout.trim() };
    };
    const repeat = (args: string[]) => {
      const runs = Array.from({ length: ROUNDS }, () => run(args));
      const times = runs.map((result) => result.ms);
      return { ms: median(times), min: Math.min(...times), output: runs[0].output };
    };
    const ours = repeat([cli, 'count', big]);
    const theirs = repeat([peerScript, big]);
    const rows = [[`count ${quick ? 1 : 10} MB`, ms(ours.ms), ms(ours.min), ms(theirs.ms), ratio(ours.ms, theirs.ms), ours.output, theirs.output]];
    // A cold cost is a difference of tens of ms between processes of ~200 ms, so the runs are
    // interleaved (one word, then each input, round after round, as shipped and then with V8's
    // default compiles): drift in the machine's load hits both sides of each difference alike.
    // Each cost is the median of the per-round differences.
    const defaults = join(dir, 'v8-defaults.js');
    // The CLI's quick compiles for short files (src/cli/quickCompiles.ts) turned into nothing.
    writeFileSync(defaults, `require('node:v8').setFlagsFromString = () => {};\n`);
    const variants = [{ name: 'as shipped', node: [] as string[] }, { name: "V8's defaults", node: ['-r', defaults] }];
    const inputs = Object.entries(hostileInputs(20_000)).map(([name, text]) => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.txt`);
      writeFileSync(file, text);
      return { name, file, times: [] as number[], extra: variants.map(() => [] as number[]), outputs: new Set<string>() };
    });
    const words: number[] = [];
    let wordOutput = '';
    for (let round = 0; round < ROUNDS; round++) {
      variants.forEach((variant, v) => {
        const one = run([...variant.node, cli, 'count', word]);
        if (v === 0) words.push(one.ms);
        wordOutput = one.output;
        for (const input of inputs) {
          const result = run([...variant.node, cli, 'count', input.file]);
          if (v === 0) input.times.push(result.ms);
          input.extra[v].push(result.ms - one.ms);
          input.outputs.add(result.output);
        }
      });
    }
    const bare = (value: number) => ms(value).replace(' ms', '');
    const cost = (extra: number[]) => `+${ms(median(extra))} (${bare(percentile(extra, 25))}–${bare(percentile(extra, 75))})`;
    for (const input of inputs) {
      rows.push([`count ${input.name}`, ms(median(input.times)), ms(Math.min(...input.times)), '', `${cost(input.extra[0])}; ${variants[1].name}: ${cost(input.extra[1])}`, [...input.outputs].join(' ≠ '), '']);
    }
    rows.push(['count one word', ms(median(words)), ms(Math.min(...words)), '', '', wordOutput, '']);
    printTable(
      `Whole processes (node startup + load + encode; median and min of ${ROUNDS}; cold cost of each 20,000-character input over one word: median and quartiles of ${ROUNDS} interleaved rounds, as shipped and with V8's default compiles), o200k_base`,
      ['command', 'token-lens', 'min', 'gpt-tokenizer script', 'ratio', 'our count', 'their count'],
      rows,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [flag, task, peer, encoding, input] = process.argv.slice(2);
  if (flag === '--child' && task === 'editor') return editorPath(root, quick);
  if (flag === '--child' && task === 'long') return longChunkChild(peerNamed(peer), encoding as EncodingName, Number(input));
  if (flag === '--child' && task === 'throughput') return throughputChild(peerNamed(peer), encoding as EncodingName, Number(input));
  if (flag === '--child') return child(task, peer, encoding as EncodingName, input);
  console.log(`Tokenizer benchmark — ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}${quick ? ' (quick)' : ''}`);
  // --only SECTION runs one section: ready, throughput, hostile, long, first, processes or editor.
  // (--only=SECTION too: npm run bench passes on only the arguments that start with --.)
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
  const sections: [string, () => void][] = [
    ['ready', readiness],
    ['throughput', throughput],
    ['hostile', hostile],
    ['long', longChunks],
    ['first', firstEncode],
    ['processes', processes],
  ];
  for (const [name, section] of sections) if (!only || only === name) section();
  if (only && only !== 'editor') return;
  // Its own process, so the heap left by the other sections cannot add GC pauses.
  spawnSync(process.execPath, [__filename, '--child', 'editor', ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
}

void main();

