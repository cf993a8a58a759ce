/** A special token found in a text: its id and UTF-16 span. */
export interface SpecialMatch {
  readonly id: number;
  readonly start: number;
  readonly end: number;
}

/** An encoding's special tokens: their ids both ways, and the search for their text. */
export class SpecialTokens {
  readonly ids: ReadonlyMap<string, number>;
  /** Longest special token text, in UTF-16 units (0 when there are none). */
  readonly longest: number;
  /** Largest special id + 1 (0 when there are none). */
  readonly idLimit: number;
  private readonly byId = new Map<number, string>();
  private readonly pattern: RegExp | undefined;

  constructor(tokens: Readonly<Record<string, number>>) {
    this.ids = new Map(Object.entries(tokens));
    let longest = 0;
    let idLimit = 0;
    for (const [text, id] of this.ids) {
      this.byId.set(id, text);
      idLimit = Math.max(idLimit, id + 1);
      longest = Math.max(longest, text.length);
    }
    this.longest = longest;
    this.idLimit = idLimit;
    this.pattern = this.ids.size > 0 ? new RegExp([...this.ids.keys()].map(escapeRegExp).join('|'), 'g') : undefined;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  text(id: number): string | undefined {
    return this.byId.get(id);
  }

  /**
   * The first special token of the whole `text` found from `from`, when it lies wholly before
   * `to`; undefined when there is none, or when the first one found runs past `to`.
   */
  next(text: string, from: number, to: number): SpecialMatch | undefined {
    const pattern = this.pattern;
    if (!pattern) return undefined;
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (!match || match.index >= to) return undefined;
    const end = match.index + match[0].length;
    return end > to ? undefined : { id: this.ids.get(match[0]) as number, start: match.index, end };
  }

  /** Start of the first special token in `text[from, to)` searched as if the text ended at `to`, or -1. */
  indexBefore(text: string, from: number, to: number): number {
    const pattern = this.pattern;
    if (!pattern) return -1;
    pattern.lastIndex = from;
    const match = pattern.exec(to === text.length ? text : text.slice(0, to));
    return match ? match.index : -1;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
