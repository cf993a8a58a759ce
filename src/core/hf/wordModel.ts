/**
 * The BPE model of a `tokenizer.json`: one pre-tokenized word in, tokens with their UTF-16
 * spans in the word out, exactly as Hugging Face's `BPE::tokenize` (initial symbols per byte
 * for byte-level files, per character with byte fallback and unk otherwise; then merges).
 */
import { ChunkCache } from '../tokenizer/chunkCache';
import { RankTable } from '../tokenizer/rankTable';
import { encodeUtf8Into, mapBytesToCharacters } from '../tokenizer/utf8';
import { type JoinedMergeData, JoinedMergeTable } from './joinedMerges';
import { MergeTable, PairMerger } from './pairMerger';
import type { ModelSpec } from './spec';
import type { VocabularyData } from './vocabulary';


/** The model's hash tables, storable beside the vocabulary: the merges as MergeTable's rows or joined (the cache's form). */
export interface WordModelTables {
  readonly rankSlots: Int32Array;
  readonly merges: MergeRows | JoinedMergeData;
}

export interface MergeRows {
  readonly rows: Int32Array;
  readonly keys: Float64Array;
  readonly results: Int32Array;
}
/** Words up to this many UTF-16 units are first looked up whole (no allocation when they are one token). */
const MAX_DIRECT_LOOKUP = 64;

export class WordModel {
  readonly table: RankTable;
  private readonly merges: MergeTable | JoinedMergeTable;
  private readonly merger: PairMerger;
  private readonly unkId: number;
  /** Byte-level: the id of each byte's token. Otherwise: the `<0xNN>` byte-fallback ids (all or none), looked up on first need. */
  private byteIdsFound: Int32Array | null | undefined;
  private readonly cache = new ChunkCache();
  /** The last word computed: [id, start, end] triples relative to the word. */
  private triples = new Int32Array(3 * 1024);
  /** Per id: 1 when BPE of the token's own text gives the token back, -1 when not, 0 not known yet. */
  private readonly wholeTokens: Int8Array;
  private bytes = new Uint8Array(1024);
  private ids = new Int32Array(1024);
  private starts = new Int32Array(1024);
  private charStarts = new Int32Array(1024);
  private charEnds = new Int32Array(1024);

  constructor(
    private readonly spec: ModelSpec,
    vocabulary: VocabularyData,
    tables?: WordModelTables,
  ) {
    const data = { name: '', pattern: '', specialTokens: {}, tokenCount: vocabulary.tokenCount, offsets: vocabulary.offsets, bytes: vocabulary.bytes };
    const slots = tables?.rankSlots ?? vocabulary.rankSlots;
    this.table = new RankTable(data, slots);
    // Built here from an untrusted vocabulary: a row made of short probes can still be long (tokens chosen for consecutive slots).
    if (!slots) RankTable.checkRuns(this.table.hashSlots);
    const merges = tables?.merges;
    const hashed = { offsets: vocabulary.offsets, bytes: vocabulary.bytes, slots: this.table.hashSlots };
    this.merges = merges && 'counts' in merges ? new JoinedMergeTable(merges, hashed) : new MergeTable(vocabulary.merges, vocabulary.tokenCount, merges);
    this.merger = new PairMerger(this.merges);
    this.wholeTokens = new Int8Array(vocabulary.tokenCount);
    this.unkId = spec.unkToken === undefined ? -1 : this.lookupText(spec.unkToken);
    if (spec.byteLevel) this.byteIdsFound = this.table.byteRanks;
    else if (!spec.byteFallback) this.byteIdsFound = null;
  }

  private get byteIds(): Int32Array | undefined {
    if (this.byteIdsFound === undefined) {
      const ids = Int32Array.from({ length: 256 }, (_, b) => this.lookupText(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
      this.byteIdsFound = ids.includes(-1) ? null : ids;
    }
    return this.byteIdsFound ?? undefined;
  }

  get tables(): WordModelTables {
    const { merges } = this;
    return { rankSlots: this.table.hashSlots, merges: merges instanceof JoinedMergeTable ? merges.data : { rows: merges.rows, keys: merges.keys, results: merges.results } };
  }

  /** Id of a token given as text (UTF-8 bytes in the table), -1 when absent. */
  lookupText(text: string): number {
    const bytes = new TextEncoder().encode(text);
    return this.table.lookup(bytes, 0, bytes.length);
  }

  /**
   * The id of text[start, end) when the word is one token, else -1: a vocabulary hit counts
   * only if merging reaches it (always with ignore_merges), which is learned once per id.
   */
  wholeWord(text: string, start: number, end: number): number {
    if (end - start > MAX_DIRECT_LOOKUP) return -1;
    const { table } = this;
    let id = table.lookupAscii(text, start, end);
    if (id === -2) {
      const length = encodeUtf8Into(text, start, end, this.bytes);
      // A lone surrogate spells U+FFFD's bytes but is no vocabulary character (see charSymbols).
      if (!this.spec.byteLevel && hasReplacementCharacter(this.bytes, length)) return -1;
      id = table.lookup(this.bytes, 0, length);
    }
    if (id < 0 || this.spec.ignoreMerges) return id;
    let whole = this.wholeTokens[id];
    if (whole === 0) {
      const count = this.compute(new TextDecoder('utf-8', { ignoreBOM: true }).decode(table.tokenBytes(id)));
      this.wholeTokens[id] = whole = count === 1 && this.triples[0] === id ? 1 : -1;
    }
    return whole === 1 ? id : -1;
  }

  /**
   * The tokens of text[start, end): `wordTokens[at]` of them, then as many [id, start, end]
   * triples (offsets relative to `start`), where `at` is what this returns.
   */
  encodeWord(text: string, start: number, end: number): number {
    const at = this.cache.find(text, start, end);
    if (at !== -1) return at;
    // compute() first: it may give `triples` a larger array.
    const count = this.compute(text.slice(start, end));
    return this.cache.add(text, start, end, this.triples, count);
  }

  /** Where encodeWord's results are (read it after each call: it moves as it grows). */
  get wordTokens(): Int32Array {
    return this.cache.data;
  }

  /** Writes the word's tokens to `triples`; returns how many there are. */
  private compute(word: string): number {
    const units = word.length;
    if (this.bytes.length < units * 3 + 1) {
      const size = units * 3 + 1;
      this.bytes = new Uint8Array(size);
      this.ids = new Int32Array(size + 1);
      this.starts = new Int32Array(size + 1);
      this.charStarts = new Int32Array(size);
      this.charEnds = new Int32Array(size);
      this.triples = new Int32Array(3 * size);
    }
    const { bytes, ids, starts, table, triples } = this;
    const length = encodeUtf8Into(word, 0, units, bytes);
    if (this.spec.ignoreMerges) {
      const whole = table.lookup(bytes, 0, length);
      if (whole >= 0) {
        triples[0] = whole;
        triples[1] = 0;
        triples[2] = units;
        return 1;
      }
    }
    const count = this.spec.byteLevel ? this.byteSymbols(length) : this.charSymbols(word, length);
    starts[count] = length;
    const merged = this.merger.merge(ids, starts, count);
    const { charStarts, charEnds } = this;
    mapBytesToCharacters(word, 0, units, charStarts, charEnds);
    for (let k = 0; k < merged; k++) {
      triples[3 * k] = ids[k];
      triples[3 * k + 1] = charStarts[starts[k]];
      triples[3 * k + 2] = charEnds[starts[k + 1] - 1];
    }
    return merged;
  }

  /** One symbol per byte; a byte without a token becomes unk, or is dropped (as Hugging Face does). */
  private byteSymbols(length: number): number {
    const { bytes, ids, starts } = this;
    const byteIds = this.byteIds as Int32Array;
    let count = 0;
    let unkOpen = false;
    for (let i = 0; i < length; i++) {
      const id = byteIds[bytes[i]];
      if (id >= 0) {
        ids[count] = id;
        starts[count++] = i;
        unkOpen = false;
      } else if (this.unkId >= 0 && !(unkOpen && this.spec.fuseUnk)) {
        ids[count] = this.unkId;
        starts[count++] = i;
        unkOpen = true;
      }
    }
    return count;
  }

  /**
   * One symbol per character; unknown characters fall back to `<0xNN>` bytes, then unk, else are
   * dropped. A lone surrogate is a character of its own that no vocabulary holds (its bytes are
   * U+FFFD's), as in the JavaScript port; Rust strings cannot hold one.
   */
  private charSymbols(word: string, length: number): number {
    const { bytes, ids, starts, table } = this;
    let count = 0;
    let unkOpen = false;
    for (let p = 0, unit = 0; p < length; ) {
      const lead = bytes[p];
      const width = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      const c = word.charCodeAt(unit);
      unit += width === 4 ? 2 : 1;
      const lone = c >= 0xd800 && c <= 0xdfff && width === 3;
      const id = lone ? -1 : width === 1 ? table.byteRanks[lead] : table.lookup(bytes, p, p + width);
      if (id >= 0) {
        ids[count] = id;
        starts[count++] = p;
        unkOpen = false;
      } else if (this.byteIds) {
        const byteIds = this.byteIds;
        for (let k = 0; k < width; k++) {
          ids[count] = byteIds[bytes[p + k]];
          starts[count++] = p + k;
        }
        unkOpen = false;
      } else if (this.unkId >= 0 && !(unkOpen && this.spec.fuseUnk)) {
        ids[count] = this.unkId;
        starts[count++] = p;
        unkOpen = true;
      }
      p += width;
    }
    return count;
  }
}

function hasReplacementCharacter(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i + 2 < length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  return false;
}
