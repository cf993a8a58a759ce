/**
 * The parts of a `tokenizer.json` Token Lens runs, read and validated from the parsed JSON:
 * the normalizer and pre-tokenizer as flat step lists, the BPE model's options, the added
 * tokens and the template tokens the model would add. Anything else is refused by name.
 */
import { Field, TokenizerFileError } from './json';
import { translatePattern } from './regex';
import { MAX_ADDED_TOKENS, MAX_ADDED_TOKEN_ID, MAX_ADDED_TOKEN_UNITS } from './addedTokens';

/** A step that rewrites a section's text (normalizers, and the rewriting half of some pre-tokenizers). */
export type Rewrite =
  | { readonly kind: 'unicode'; readonly form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD' }
  | { readonly kind: 'replace'; readonly pattern: string; readonly content: string }
  | { readonly kind: 'prepend'; readonly prefix: string; readonly unlessStartsWith?: string; readonly firstSectionOnly?: boolean };

export type SplitBehavior = 'Isolated' | 'Removed' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

/** A split of each piece by a literal or a pattern (the original Oniguruma source and its JavaScript form). */
export interface SplitStep {
  readonly literal?: string;
  readonly pattern?: { readonly source: string; readonly javascript: string };
  readonly behavior: SplitBehavior;
  /** ByteLevel's own GPT-2 regex, which the JS port runs with JavaScript's `\s` (Rust: Unicode White_Space; they differ on U+0085 and U+FEFF). */
  readonly byteLevelRegex?: boolean;
}

export interface AddedTokenSpec {
  readonly id: number;
  readonly content: string;
  readonly special: boolean;
  readonly normalized: boolean;
  readonly lstrip: boolean;
  readonly rstrip: boolean;
}

export interface ModelSpec {
  readonly byteLevel: boolean;
  readonly byteFallback: boolean;
  readonly unkToken: string | undefined;
  readonly fuseUnk: boolean;
  readonly ignoreMerges: boolean;
}

export interface PipelineSpec {
  readonly normalizer: readonly Rewrite[];
  /** Rewrites each section gets from the pre-tokenizer (Metaspace, ByteLevel's prefix space) before splitting. */
  readonly sectionRewrites: readonly Rewrite[];
  readonly splits: readonly SplitStep[];
  readonly model: ModelSpec;
  readonly addedTokens: readonly AddedTokenSpec[];
  /** Token texts the model adds around every input (BOS/EOS), for display; a count never includes them. */
  readonly template: { readonly prefix: readonly string[]; readonly suffix: readonly string[] };
}

/** GPT-2's ByteLevel pattern (what `use_regex: true` splits with). */
export const BYTE_LEVEL_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
/** Normalizer steps in all: nested Sequences of 64 items would otherwise give 64^4 steps, each a pass over every input. */
const MAX_NORMALIZER_STEPS = 64;

export function readPipeline(root: Field, config: Field | undefined): PipelineSpec {
  root.object();
  const model = root.get('model');
  if (model.isMissing()) model.fail('an object');
  model.type('model', ['BPE'] as const);
  const dropout = model.get('dropout');
  if (!dropout.isMissing() && dropout.value !== 0) throw dropout.problem('BPE dropout is random; Token Lens counts deterministically');
  for (const key of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    const field = model.get(key);
    if (!field.isMissing() && field.string() !== '') throw field.problem(`${key} is not supported`);
  }
  const normalizer = root.get('normalizer');
  const preTokenizer = root.get('pre_tokenizer');
  const pre = readPreTokenizer(preTokenizer);
  return {
    normalizer: normalizer.isMissing() ? [] : readNormalizerSteps(normalizer),
    sectionRewrites: pre.rewrites,
    splits: pre.splits,
    model: {
      byteLevel: pre.byteLevel,
      byteFallback: model.get('byte_fallback').boolean(false),
      unkToken: model.get('unk_token').optionalString(undefined),
      fuseUnk: model.get('fuse_unk').boolean(false),
      ignoreMerges: model.get('ignore_merges').boolean(false),
    },
    addedTokens: readAddedTokens(root.get('added_tokens')),
    template: readTemplate(root.get('post_processor'), config),
  };
}

function readNormalizerSteps(field: Field): Rewrite[] {
  // Counted before any step is read: building 262,144 of them took seconds.
  const steps = stepCount(field.value);
  if (steps > MAX_NORMALIZER_STEPS) throw field.problem(`expected at most ${MAX_NORMALIZER_STEPS} steps in all, found ${steps}`);
  return readNormalizer(field);
}

/** The steps a normalizer value would give (a Sequence's items' steps; anything else one, which readNormalizer then judges), at most 4 levels deep. */
function stepCount(value: unknown, depth = 0): number {
  const { type, normalizers } = (typeof value === 'object' && value !== null ? value : {}) as { type?: unknown; normalizers?: unknown };
  if (type !== 'Sequence' || !Array.isArray(normalizers) || depth > 4) return 1;
  return normalizers.reduce((sum: number, item) => sum + stepCount(item, depth + 1), 0);
}

function readNormalizer(field: Field, depth = 0): Rewrite[] {
  const type = field.type('normalizer', ['Sequence', 'NFC', 'NFD', 'NFKC', 'NFKD', 'Replace', 'Prepend'] as const);
  switch (type) {
    case 'Sequence':
      if (depth >= 4) throw field.problem('normalizer Sequences nested more than 4 deep are not supported');
      return field.get('normalizers').items(64).flatMap((item) => readNormalizer(item, depth + 1));
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return [{ kind: 'unicode', form: type }];
    case 'Replace':
      return [readReplace(field)];
    case 'Prepend':
      return [{ kind: 'prepend', prefix: field.get('prepend').string(64) }];
  }
}

function readReplace(field: Field): Rewrite {
  const pattern = field.get('pattern');
  const literal = pattern.get('String');
  if (literal.isMissing()) throw pattern.problem('only a literal "String" pattern is supported in Replace');
  const text = literal.string(64);
  if (text === '') literal.fail('a non-empty string');
  return { kind: 'replace', pattern: text, content: field.get('content').string(64) };
}

interface PreTokenizerSteps {
  rewrites: Rewrite[];
  splits: SplitStep[];
  byteLevel: boolean;
}

function readPreTokenizer(field: Field): PreTokenizerSteps {
  const steps: PreTokenizerSteps = { rewrites: [], splits: [], byteLevel: false };
  if (field.isMissing()) return steps;
  const parts = field.type('pre_tokenizer', ['Sequence', 'Split', 'ByteLevel', 'Metaspace'] as const) === 'Sequence' ? field.get('pretokenizers').items(16) : [field];
  parts.forEach((part, index) => {
    const type = part.type('pre_tokenizer', ['Split', 'ByteLevel', 'Metaspace'] as const);
    if (steps.byteLevel) throw part.problem(`${type} after ByteLevel is not supported`);
    if (type === 'Split') {
      if (part.get('invert').boolean(false)) throw part.get('invert').problem('an inverted Split is not supported');
      const behavior = part.get('behavior').oneOf(['Isolated', 'Removed', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'] as const);
      steps.splits.push({ ...readSplitPattern(part.get('pattern')), behavior });
    } else if (type === 'ByteLevel') {
      steps.byteLevel = true;
      // Rust's ByteLevel has no serde default for add_prefix_space (missing: an error); the JS port reads false.
      if (part.get('add_prefix_space').boolean()) {
        if (index > 0) throw part.get('add_prefix_space').problem('add_prefix_space after another pre-tokenizer is not supported');
        steps.rewrites.push({ kind: 'prepend', prefix: ' ', unlessStartsWith: ' ' });
      }
      if (part.get('use_regex').boolean(true)) {
        steps.splits.push({ pattern: { source: BYTE_LEVEL_PATTERN, javascript: BYTE_LEVEL_PATTERN }, behavior: 'Isolated', byteLevelRegex: true });
      }
    } else {
      if (index > 0) throw part.problem('Metaspace after another pre-tokenizer is not supported');
      const replacement = part.get('replacement').string(4);
      if ([...replacement].length !== 1) part.get('replacement').fail('one character');
      const legacy = part.get('add_prefix_space');
      const scheme = part.get('prepend_scheme').oneOf(['always', 'first', 'never'] as const, legacy.isMissing() || legacy.boolean() ? 'always' : 'never');
      steps.rewrites.push({ kind: 'replace', pattern: ' ', content: replacement });
      if (scheme !== 'never') steps.rewrites.push({ kind: 'prepend', prefix: replacement, unlessStartsWith: replacement, firstSectionOnly: scheme === 'first' });
      if (part.get('split').boolean(true)) steps.splits.push({ literal: replacement, behavior: 'MergedWithNext' });
    }
  });
  return steps;
}

function readSplitPattern(field: Field): Pick<SplitStep, 'literal' | 'pattern'> {
  const literal = field.get('String');
  if (!literal.isMissing()) {
    const text = literal.string(256);
    if (text === '') literal.fail('a non-empty string');
    return { literal: text };
  }
  const regex = field.get('Regex');
  if (regex.isMissing()) field.fail('{"String": …} or {"Regex": …}');
  const source = regex.string(4096);
  try {
    return { pattern: { source, javascript: translatePattern(source) } };
  } catch (error) {
    throw regex.problem((error as Error).message);
  }
}

function readAddedTokens(field: Field): AddedTokenSpec[] {
  if (field.isMissing()) return [];
  // Thousands of plain entries (Gemma 3 has 6,415) are read directly; any other goes through Field, which words the error.
  return field.array(MAX_ADDED_TOKENS).map((item, i) => plainAddedToken(item) ?? readAddedToken(field.at(i)));
}

// Rust's AddedToken has no serde default for any of its fields: a file missing one does not load there (the JS port
// fills in special false, normalized !special, the rest false), so it is refused here, naming the field.
function readAddedToken(item: Field): AddedTokenSpec {
  const id = item.get('id').integer(0, MAX_ADDED_TOKEN_ID);
  const content = item.get('content').string(MAX_ADDED_TOKEN_UNITS);
  if (content === '') item.get('content').fail('a non-empty string');
  if (item.get('single_word').boolean()) throw item.get('single_word').problem('single_word added tokens are not supported');
  return {
    id,
    content,
    special: item.get('special').boolean(),
    normalized: item.get('normalized').boolean(),
    lstrip: item.get('lstrip').boolean(),
    rstrip: item.get('rstrip').boolean(),
  };
}

/** readAddedToken's result for an entry it would accept as is; undefined for anything else. */
function plainAddedToken(item: unknown): AddedTokenSpec | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const { id, content, single_word, special, normalized, lstrip, rstrip } = item as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || id > MAX_ADDED_TOKEN_ID || typeof content !== 'string' || content === '' || content.length > MAX_ADDED_TOKEN_UNITS) return undefined;
  if (single_word !== false || typeof special !== 'boolean' || typeof normalized !== 'boolean' || typeof lstrip !== 'boolean' || typeof rstrip !== 'boolean') return undefined;
  return { id, content, special, normalized, lstrip, rstrip };
}

/** BOS/EOS the model adds: from a TemplateProcessing post-processor, else tokenizer_config's add_bos_token/add_eos_token. */
function readTemplate(field: Field, config: Field | undefined): PipelineSpec['template'] {
  const prefix: string[] = [];
  const suffix: string[] = [];
  if (!field.isMissing() && field.get('type').value === 'TemplateProcessing') {
    let seenSequence = false;
    for (const piece of field.get('single').items(16)) {
      const special = piece.get('SpecialToken');
      if (!special.isMissing()) (seenSequence ? suffix : prefix).push(special.get('id').string(256));
      else seenSequence = true;
    }
    return { prefix, suffix };
  }
  if (!config || config.isMissing()) return { prefix, suffix };
  const tokenText = (key: string) => {
    const value = config.get(key);
    if (value.isMissing()) return undefined;
    return typeof value.value === 'string' ? value.string(256) : value.get('content').string(256);
  };
  const bos = tokenText('bos_token');
  const eos = tokenText('eos_token');
  if (bos !== undefined && config.get('add_bos_token').boolean(false)) prefix.push(bos);
  if (eos !== undefined && config.get('add_eos_token').boolean(false)) suffix.push(eos);
  return { prefix, suffix };
}

export { TokenizerFileError };
