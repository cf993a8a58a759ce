/** `--tokenizer SPEC` (alias `--encoding`): an encoding, a tokenizer.json or model folder, or hub:ORG/NAME[@REVISION]. */
import { existsSync } from 'node:fs';
import type { DownloadProgress } from '../core/hub/download';
import { parseTokenizerSpec, type TokenizerSpec } from '../core/models/tokenizerSpec';
import { DEFAULT_ENCODING, Encoder, type TextTokenizer, describeEncodingNames } from '../core/tokenizer';
import { type ModelLocation, describeLocation, openModelTokenizer } from '../node/modelSource';
import { type Io, inputError, loadEncoder, usageError } from './common';
import { DEFAULT_PATTERN_TIME_LIMIT_SECONDS, MAX_PATTERN_TIME_LIMIT_SECONDS } from './patternGuard';

export const TOKENIZER_OPTIONS = {
  tokenizer: { type: 'string', short: 't' },
  encoding: { type: 'string', short: 'e' },
  refresh: { type: 'boolean' },
} as const;

export const TOKENIZER_HELP = [
  `  --tokenizer SPEC     ${DEFAULT_ENCODING} (default), cl100k_base, p50k_base, r50k_base; a path to tokenizer.json or a`,
  '                       model folder; or hub:ORG/NAME[@REVISION], downloaded once into $TOKEN_LENS_CACHE',
  '                       (default ~/.cache/token-lens; HF_ENDPOINT and HF_TOKEN are honoured). --encoding is an alias.',
  '                       A pattern no built-in scanner covers runs in a worker, stopped after',
  `                       TOKEN_LENS_PATTERN_TIME_LIMIT seconds (default ${DEFAULT_PATTERN_TIME_LIMIT_SECONDS}, above 0 and at most`,
  `                       ${MAX_PATTERN_TIME_LIMIT_SECONDS.toLocaleString('en-US')}, about 24 days) on a megabyte of text`,
  '  --refresh            for a hub: model downloaded before, ask the Hub whether its revision moved (one small',
  '                       request) and download it again if it did; offline, the downloaded copy is used',
].join('\n');

/** The spec the options name (undefined: the default encoding); --tokenizer and --encoding may not disagree. */
export function tokenizerSpecOption(values: Record<string, string | boolean | undefined>): string | undefined {
  const tokenizer = values.tokenizer as string | undefined;
  const encoding = values.encoding as string | undefined;
  if (tokenizer !== undefined && encoding !== undefined && tokenizer !== encoding) {
    throw usageError(`--encoding is an alias of --tokenizer; give one of them, found --tokenizer ${tokenizer} and --encoding ${encoding}`);
  }
  return tokenizer ?? encoding;
}

/** Whether --refresh was given: hub: models downloaded before are checked against the Hub (see ModelSourceOptions.revalidate). */
export function refreshOption(values: Record<string, string | boolean | undefined>): boolean {
  return values.refresh === true;
}

/** Parses a spec: a usage error for an unknown name that is no path either. */
export function parseSpecOption(spec: string): TokenizerSpec {
  let parsed: TokenizerSpec;
  try {
    parsed = parseTokenizerSpec(spec);
  } catch (error) {
    throw usageError((error as Error).message);
  }
  if (parsed.kind === 'path' && !existsSync(parsed.path)) {
    throw usageError(`unknown encoding "${spec}"; expected one of ${describeEncodingNames()}, a path to tokenizer.json or a model folder, or hub:ORG/NAME`);
  }
  return parsed;
}

/** How `--json` names the tokenizer: an encoding by its canonical name, an open model as the user named it (`spec`). */
export function tokenizerName(encoder: TextTokenizer, spec: string | undefined): string {
  return encoder instanceof Encoder || spec === undefined ? encoder.name : spec;
}

export async function loadTokenizer(spec: string | undefined, io: Io, refresh = false): Promise<TextTokenizer> {
  const parsed = parseSpecOption(spec ?? DEFAULT_ENCODING);
  if (parsed.kind === 'encoding') return loadEncoder(parsed.name);
  return loadModelTokenizer(parsed, io, refresh);
}

export async function loadModelTokenizer(location: ModelLocation, io: Io, refresh = false): Promise<TextTokenizer> {
  try {
    return await openModelTokenizer(location, { env: io.env, onDownload: downloadReporter(io, describeLocation(location)), revalidate: refresh });
  } catch (error) {
    throw inputError((error as Error).message);
  }
}

/** Download progress on stderr: one updating line in a terminal, a line per finished file otherwise. */
export function downloadReporter(io: Io, model: string): (progress: DownloadProgress) => void {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  let lastShown = -1;
  return ({ file, received, total }) => {
    const done = total !== undefined && received >= total;
    const line = `downloading ${model} ${file}: ${mb(received)}${total === undefined ? '' : ` of ${mb(total)}`}`;
    if (io.stderr.isTTY) {
      const percent = total ? Math.floor((100 * received) / total) : Math.floor(received / 1048576);
      if (percent === lastShown && !done) return;
      lastShown = percent;
      io.stderr.write(`\r${line}${done ? '\n' : ''}`);
    } else if (done) io.stderr.write(`${line}\n`);
  };
}
