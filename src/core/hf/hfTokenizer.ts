/**
 * A Hugging Face `tokenizer.json` tokenizer (BPE: byte-level and SentencePiece-style), exact
 * to the `tokenizers` library's `encode(text, { add_special_tokens: false })`, with spans
 * into the original text under the same whole-character rule as the OpenAI encodings.
 *
 * Pipeline per input: added tokens split the text into sections; each section is normalized
 * (keeping where every unit came from), rewritten and split by the pre-tokenizer, and each
 * piece goes through the BPE model.
 */
import { Recording, TokenBuffer } from '../tokenizer/tokenBuffer';
import { type StopPredicate, type TextTokenizer, joinTokenBytes } from '../tokenizer/textTokenizer';
import { copyChunks } from './chunks';
import { type AlignedText, applyRewrites, identity, originEnd, originStart } from './aligned';
import { type AddedMatch, type AddedTokenList, AddedTokenMatcher, NORMALIZED, SPECIAL, addedContent, addedTokenList } from './addedTokens';
import { type PipelineSpec, type Rewrite } from './spec';
import { Splitter } from './splitter';
import type { ModelContextLength } from './contextLength';
import { crowdedVocabulary, readTokenizerData } from './tokenizerFile';
import type { VocabularyData } from './vocabulary';
import { type WordBreak, findWordBreak, spaceMarker } from './wordBreak';
import { WordModel, type WordModelTables } from './wordModel';

export interface HfEncodeOptions {
  /** Match added tokens marked `special` (e.g. `<|im_start|>`); otherwise they are ordinary text. */
  readonly allowSpecial?: boolean;
}

/** Everything a tokenizer is built from: what `tokenizer.json` holds, or the binary cache. */
export interface HfTokenizerData {
  readonly name: string;
  /** The file's own settings (everything but added_tokens, model.vocab and model.merges) and the config's template keys: what the cache stores. */
  readonly settings: { readonly root: unknown; readonly config: unknown };
  readonly pipeline: PipelineSpec;
  readonly vocabulary: VocabularyData;
  /** Tables built earlier over this vocabulary (from the cache, or while reading tokenizer.json); built on construction when absent. */
  readonly tables?: CachedTables;
  /** pipeline.addedTokens as flat lists (from the cache, whose pipeline makes its list only when read). */
  readonly addedTokens?: AddedTokenList;
  /** The model's own context window, read from the files beside tokenizer.json when it was opened (never kept in the compiled cache). */
  readonly contextLength?: ModelContextLength;
}

/** What the binary cache keeps beside the vocabulary, so a load rebuilds nothing. */
export interface CachedTables extends WordModelTables {
  readonly wordBreak: WordBreak | undefined;
}

export class HfTokenizer implements TextTokenizer {
  readonly name: string;
  readonly vocabularySize: number;
  /** The patterns this tokenizer runs as JavaScript regular expressions (the file chose them): run it where it can be stopped. */
  readonly untrustedPatterns: readonly string[];
  /** Template tokens the model adds around every input (a count never includes them). */
  readonly templateTokens: PipelineSpec['template'];
  readonly data: HfTokenizerData;
  /** Longest added token, in UTF-16 units (a margin for restarts). */
  readonly longestSpecialToken: number;
  /** A long word is merged in one go (heap merge, n log n; words this long are rare). */
  readonly longChunks = undefined;
  private readonly pipeline: PipelineSpec;
  /** The rewrites without their prepends, for text resuming inside a section (see encodeRange). */
  private readonly resumed: { readonly normalizer: readonly Rewrite[]; readonly sectionRewrites: readonly Rewrite[] };
  /** Whether sections start with a prepended marker, so a section's first word must not be a restart point. */
  private readonly prependsSections: boolean;
  private readonly model: WordModel;
  private readonly splitter: Splitter;
  /** The added tokens as flat lists (index i is pipeline.addedTokens[i]). */
  readonly addedTokens: AddedTokenList;
  /** Added token id → its index in addedTokens (the last listed wins), made on first use. */
  private addedIndices: Map<number, number> | undefined;
  /** Added-token matchers [raw, normalized] with and without special tokens, built on first use (Gemma has 6,415). */
  private readonly matchers: Partial<Record<'all' | 'ordinary', readonly [AddedTokenMatcher, AddedTokenMatcher]>> = {};
  /** SentencePiece-style files: words may be cut before "▁" where no merge crosses (see breakWord). */
  private readonly wordBreak: WordBreak | undefined;

  static fromJson(file: Uint8Array, source: string, config?: Uint8Array): HfTokenizer {
    return new HfTokenizer(readTokenizerData(file, source, config));
  }

  constructor(data: HfTokenizerData) {
    this.data = data;
    this.name = data.name;
    this.pipeline = data.pipeline;
    this.vocabularySize = data.vocabulary.tokenCount;
    this.templateTokens = data.pipeline.template;
    try {
      this.model = new WordModel(data.pipeline.model, data.vocabulary, data.tables);
    } catch (error) {
      throw crowdedVocabulary(error, data.name);
    }
    this.splitter = new Splitter(data.pipeline.splits);
    this.untrustedPatterns = this.splitter.untrustedPatterns;
    this.addedTokens = data.addedTokens ?? addedTokenList(data.pipeline.addedTokens);
    let longest = 0;
    const { starts } = this.addedTokens;
    for (let i = 0; i + 1 < starts.length; i++) longest = Math.max(longest, starts[i + 1] - starts[i]);
    this.longestSpecialToken = longest;
    const noPrepend = (rewrites: readonly Rewrite[]) => rewrites.filter((rewrite) => rewrite.kind !== 'prepend');
    this.resumed = { normalizer: noPrepend(data.pipeline.normalizer), sectionRewrites: noPrepend(data.pipeline.sectionRewrites) };
    this.prependsSections = this.resumed.normalizer.length + this.resumed.sectionRewrites.length < data.pipeline.normalizer.length + data.pipeline.sectionRewrites.length;
    this.wordBreak = data.tables ? data.tables.wordBreak : findWordBreak(this.pipeline, data.vocabulary, data.vocabulary.merges, (text) => this.model.lookupText(text));
  }

  /** The model's own context window; undefined when it was not read (a tokenizer.json on its own). */
  get contextLength(): ModelContextLength | undefined {
    return this.data.contextLength;
  }

  encode(text: string, options?: HfEncodeOptions): number[] {
    return this.tokenize(text, options, new TokenBuffer(1024, Recording.Ids)).idList();
  }
  count(text: string, options?: HfEncodeOptions): number {
    return this.tokenize(text, options, new TokenBuffer(0, Recording.Count)).count;
  }

  /** Token ids with their UTF-16 spans in `text`. */
  tokenize(text: string, options?: HfEncodeOptions, out = new TokenBuffer()): TokenBuffer {
    return this.tokenizeText(text, options, out, false);
  }
  encodeRange(text: string, from: number, to: number, out: TokenBuffer, base: number, options?: HfEncodeOptions, stop?: StopPredicate): number {
    if (from >= to) return from;
    const tokens = this.tokenizeText(text.slice(from, to), options, new TokenBuffer(Math.max(16, (to - from) >> 2)), base + from > 0);
    const joinsNext = this.prependsSections ? (id: number) => this.addedIndex(id) >= 0 : undefined;
    const stopped = copyChunks(tokens, out, base + from, stop, joinsNext);
    return stopped === -1 ? to : from + stopped;
  }

  /** `resumes`: the text starts inside a section (at a chunk start), so its first section gets no prepended marker. */
  private tokenizeText(text: string, options: HfEncodeOptions | undefined, out: TokenBuffer, resumes: boolean): TokenBuffer {
    const [matcher, normalizedMatcher] = this.matchersFor(options?.allowSpecial ? 'all' : 'ordinary');
    let position = 0;
    for (const match of matcher.findAll(text, 0, text.length)) {
      this.encodeSection(text, position, match.start, normalizedMatcher, out, resumes && position === 0);
      out.push(match.id, match.start, match.end, true);
      position = match.end;
    }
    this.encodeSection(text, position, text.length, normalizedMatcher, out, resumes && position === 0);
    return out;
  }

  private matchersFor(kind: 'all' | 'ordinary'): readonly [AddedTokenMatcher, AddedTokenMatcher] {
    const built = this.matchers[kind];
    if (built) return built;
    const { normalizer } = this.pipeline;
    // Ordinary matching leaves special tokens out; tokens marked normalized are found in the
    // normalized text, spelled as the normalizer spells them (when there is a normalizer).
    const mask = (kind === 'all' ? 0 : SPECIAL) | (normalizer.length > 0 ? NORMALIZED : 0);
    const normalize = (content: string) => applyRewrites(identity(content, 0), normalizer).text;
    const raw = new AddedTokenMatcher(this.addedTokens, mask, 0);
    const normalized = new AddedTokenMatcher(this.addedTokens, mask, normalizer.length > 0 ? NORMALIZED : -1, normalize);
    return (this.matchers[kind] = [raw, normalized]);
  }

  private encodeSection(text: string, from: number, to: number, matcher: AddedTokenMatcher, out: TokenBuffer, resumes: boolean): void {
    if (from >= to) return;
    const normalized = applyRewrites(identity(text.slice(from, to), from), (resumes ? this.resumed : this.pipeline).normalizer);
    const matches: AddedMatch[] = matcher.findAll(normalized.text, 0, normalized.text.length);
    let position = 0;
    for (const match of matches) {
      this.encodePart(normalized, position, match.start, out, resumes && position === 0);
      out.push(match.id, originStart(normalized, match.start), originEnd(normalized, match.end), true);
      position = match.end;
    }
    this.encodePart(normalized, position, normalized.text.length, out, resumes && position === 0);
  }

  /** Pre-tokenizes and encodes normalized units [from, to). */
  private encodePart(normalized: AlignedText, from: number, to: number, out: TokenBuffer, resumes: boolean): void {
    if (from >= to) return;
    const part = from === 0 && to === normalized.text.length ? normalized : sliceAligned(normalized, from, to);
    const rewritten = applyRewrites(part, (resumes ? this.resumed : this.pipeline).sectionRewrites);
    const words = this.wordBreak ? (start: number, end: number) => this.breakWord(rewritten, start, end, out) : (start: number, end: number) => this.encodeWord(rewritten, start, end, out);
    this.splitter.split(rewritten.text, 0, rewritten.text.length, words);
  }

  private encodeWord(aligned: AlignedText, start: number, end: number, out: TokenBuffer): void {
    const whole = this.model.wholeWord(aligned.text, start, end);
    if (whole >= 0) {
      out.push(whole, originStart(aligned, start), originEnd(aligned, end), true);
      return;
    }
    const at = this.model.encodeWord(aligned.text, start, end);
    const tokens = this.model.wordTokens;
    for (let k = at + 1, last = at + 1 + 3 * tokens[at]; k < last; k += 3) {
      out.push(tokens[k], originStart(aligned, start + tokens[k + 1]), originEnd(aligned, start + tokens[k + 2]), k === at + 1);
    }
  }

  /** Cuts a word before each "▁" that follows another character, where no merge can cross the cut. */
  private breakWord(aligned: AlignedText, start: number, end: number, out: TokenBuffer): void {
    const { marker, unsafeBefore } = this.wordBreak as WordBreak;
    const text = aligned.text;
    let from = start;
    for (let at = text.indexOf(String.fromCharCode(marker), start + 1); at >= 0 && at < end; at = text.indexOf(String.fromCharCode(marker), at + 1)) {
      const before = text.codePointAt(at - 1) ?? 0;
      const previous = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? (text.codePointAt(at - 2) ?? 0) : before;
      if (previous === marker || unsafeBefore.has(previous)) continue;
      this.encodeWord(aligned, from, at, out);
      from = at;
    }
    this.encodeWord(aligned, from, end, out);
  }

  /** The tables built from the merges, for the binary cache or another thread (so their load skips building them). */
  get tables(): CachedTables {
    return { ...this.model.tables, wordBreak: this.wordBreak };
  }

  /** The index of added token `id` in addedTokens, -1 when it is none. */
  private addedIndex(id: number): number {
    if (this.addedIndices === undefined) {
      this.addedIndices = new Map();
      this.addedTokens.ids.forEach((added, i) => this.addedIndices?.set(added, i));
    }
    return this.addedIndices.get(id) ?? -1;
  }

  /** The content and special flag of added token `id`, undefined when it is none. */
  private added(id: number): { content: string; special: boolean } | undefined {
    const i = this.addedIndex(id);
    return i < 0 ? undefined : { content: addedContent(this.addedTokens, i), special: (this.addedTokens.flags[i] & SPECIAL) !== 0 };
  }

  isSpecial(id: number): boolean {
    return this.added(id)?.special ?? false;
  }

  /** The text of a special added token, as the OpenAI encoders answer it. */
  specialTokenText(id: number): string | undefined {
    const added = this.added(id);
    return added?.special ? added.content : undefined;
  }

  decodeBytes(ids: ArrayLike<number>): Uint8Array {
    return joinTokenBytes(ids, (id) => this.tokenBytes(id));
  }

  /** The text of the ids: what each token stands for in the text (see tokenBytes). */
  decode(ids: ArrayLike<number>): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.decodeBytes(ids));
  }

  isValidId(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.vocabularySize && (this.addedIndex(id) >= 0 || this.data.vocabulary.unproducible.has(id) || this.model.table.tokenLength(id) > 0);
  }

  /** The bytes a token stands for in text: byte-level bytes, "▁" as a space, `<0xNN>` as its byte, added tokens as their text. */
  tokenBytes(id: number): Uint8Array {
    if (!this.isValidId(id)) throw new RangeError(`${id} is not a token id of ${this.name}`);
    // An added token the model can also produce ("▁▁" in Gemma) reads as the model spells it.
    const added = this.added(id);
    const text = added && (added.special || this.model.table.tokenLength(id) === 0) ? added.content : this.data.vocabulary.unproducible.get(id);
    if (text !== undefined) return new TextEncoder().encode(text);
    const bytes = this.model.table.tokenBytes(id);
    if (this.pipeline.model.byteLevel) return bytes;
    const spelled = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const byte = /^<0x([0-9A-F]{2})>$/.exec(spelled);
    if (byte && this.pipeline.model.byteFallback) return Uint8Array.of(parseInt(byte[1], 16));
    const marker = spaceMarker(this.pipeline);
    return marker === undefined ? bytes : new TextEncoder().encode(spelled.split(marker).join(' '));
  }
}

function sliceAligned(aligned: AlignedText, from: number, to: number): AlignedText {
  const text = aligned.text.slice(from, to);
  if (!aligned.starts || !aligned.ends) return identity(text, aligned.base + from);
  return { text, starts: aligned.starts.slice(from, to), ends: aligned.ends.slice(from, to), base: 0 };
}
