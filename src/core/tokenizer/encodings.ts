/** The BPE vocabularies Token Lens knows, with the facts a user needs to pick one. */

export const ENCODING_NAMES = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;

export type EncodingName = (typeof ENCODING_NAMES)[number];

export const DEFAULT_ENCODING: EncodingName = 'o200k_base';

export interface EncodingInfo {
  readonly name: EncodingName;
  /** One line for pickers: which models use it. */
  readonly description: string;
  /** Other names accepted on input (settings, CLI). */
  readonly aliases: readonly string[];
}

export const ENCODINGS: Readonly<Record<EncodingName, EncodingInfo>> = {
  o200k_base: { name: 'o200k_base', description: 'GPT-4o, GPT-4.1, o1, o3 and newer', aliases: [] },
  cl100k_base: { name: 'cl100k_base', description: 'GPT-4, GPT-3.5-turbo, text-embedding-3', aliases: [] },
  p50k_base: { name: 'p50k_base', description: 'Codex, text-davinci-002/003', aliases: [] },
  r50k_base: { name: 'r50k_base', description: 'GPT-2, GPT-3 (davinci)', aliases: ['gpt2'] },
};

/** Accepts a canonical name or an alias, case-insensitively; undefined when unknown. */
export function resolveEncodingName(input: string): EncodingName | undefined {
  const wanted = input.trim().toLowerCase();
  for (const info of Object.values(ENCODINGS)) {
    if (info.name === wanted || info.aliases.includes(wanted)) {
      return info.name;
    }
  }
  return undefined;
}

/** "o200k_base, cl100k_base, p50k_base, r50k_base (or gpt2)" — for error messages. */
export function describeEncodingNames(): string {
  return ENCODING_NAMES.map((name) => {
    const aliases = ENCODINGS[name].aliases;
    return aliases.length > 0 ? `${name} (or ${aliases.join(', ')})` : name;
  }).join(', ');
}
