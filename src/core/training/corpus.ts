/**
 * The text a skip-gram model learns from, as token ids: documents are appended one by one
 * (so a worker can tokenize file by file), then `finish` counts the ids, keeps those seen at
 * least `minCount` times and maps them to a compact index — only rows that occur need memory.
 */

/** Separates documents in the stream: no window reaches across it. */
export const DOCUMENT_BREAK = -1;

export interface TrainingCorpus {
  /** Rows of the encoding's word matrix (every id is below this). */
  readonly vocabularySize: number;
  /** compact index → token id, ascending. */
  readonly ids: Int32Array;
  /** Occurrences of each compact index in the stream. */
  readonly counts: Float64Array;
  /** Compact indices in reading order, DOCUMENT_BREAK between documents. */
  readonly stream: Int32Array;
  /** Tokens in the stream (breaks not counted). */
  readonly tokenCount: number;
  /** Documents appended (empty ones included). */
  readonly documentCount: number;
}

export class CorpusBuilder {
  private stream = new Int32Array(1 << 16);
  private length = 0;
  private documents = 0;
  private readonly occurrences: Float64Array;

  constructor(readonly vocabularySize: number) {
    if (!Number.isSafeInteger(vocabularySize) || vocabularySize < 1) {
      throw new RangeError(`vocabularySize must be an integer ≥ 1, got ${vocabularySize}`);
    }
    this.occurrences = new Float64Array(vocabularySize);
  }

  /** Appends one document's token ids; throws (adding nothing) on an id outside the vocabulary. */
  add(tokenIds: ArrayLike<number>): void {
    const count = tokenIds.length;
    for (let i = 0; i < count; i++) {
      const id = tokenIds[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabularySize) {
        throw new RangeError(`token id ${id} at ${i} is outside the vocabulary (expected 0–${this.vocabularySize - 1})`);
      }
    }
    this.reserve(count + 1);
    if (this.documents > 0) this.stream[this.length++] = DOCUMENT_BREAK;
    for (let i = 0; i < count; i++) {
      const id = tokenIds[i];
      this.stream[this.length++] = id;
      this.occurrences[id]++;
    }
    this.documents++;
  }

  /** Tokens appended so far. */
  get tokenCount(): number {
    return this.length - Math.max(0, this.documents - 1);
  }

  /** The corpus; ids seen fewer than `minCount` times are dropped from the stream. */
  finish(minCount = 1): TrainingCorpus {
    if (!Number.isSafeInteger(minCount) || minCount < 1) throw new RangeError(`minCount must be an integer ≥ 1, got ${minCount}`);
    const compactOf = new Int32Array(this.vocabularySize).fill(-1);
    const kept: number[] = [];
    for (let id = 0; id < this.vocabularySize; id++) {
      if (this.occurrences[id] >= minCount) {
        compactOf[id] = kept.length;
        kept.push(id);
      }
    }
    const counts = new Float64Array(kept.length);
    const stream = new Int32Array(this.length);
    let written = 0;
    let tokens = 0;
    for (let i = 0; i < this.length; i++) {
      const id = this.stream[i];
      if (id === DOCUMENT_BREAK) {
        if (written > 0 && stream[written - 1] !== DOCUMENT_BREAK) stream[written++] = DOCUMENT_BREAK;
        continue;
      }
      const compact = compactOf[id];
      if (compact < 0) continue;
      stream[written++] = compact;
      counts[compact]++;
      tokens++;
    }
    return {
      vocabularySize: this.vocabularySize,
      ids: Int32Array.from(kept),
      counts,
      stream: stream.slice(0, written),
      tokenCount: tokens,
      documentCount: this.documents,
    };
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.stream.length) return;
    let size = this.stream.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.stream.subarray(0, this.length));
    this.stream = grown;
  }
}

/** The `count` most frequent token ids (ties: lower id first): the tokens a moving picture tracks. */
export function frequentTokens(corpus: TrainingCorpus, count: number): number[] {
  const order = Array.from(corpus.ids.keys()).sort((a, b) => corpus.counts[b] - corpus.counts[a] || a - b);
  return order.slice(0, Math.max(0, count)).map((index) => corpus.ids[index]);
}

/** What a corpus was, for a file's metadata and for people: "3 files, 1,234 characters: a.md, b.md, c.txt". */
export function describeCorpus(names: readonly string[], characters: number): string {
  const shown = names.slice(0, 5).join(', ');
  const more = names.length > 5 ? `, … (${names.length - 5} more)` : '';
  return `${names.length} file${names.length === 1 ? '' : 's'}, ${characters.toLocaleString('en-US')} characters: ${shown}${more}`;
}
