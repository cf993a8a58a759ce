import { assertNever } from '../assertNever';

/**
 * A JSON parser that keeps where every value came from (UTF-16 offsets into the source), so a
 * chat request's strings can be highlighted in the editor. JSON.parse gives values but no places.
 */

export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

export type JsonNode = JsonObject | JsonArray | JsonString | JsonScalar;

export interface JsonObject extends SourceRange {
  readonly kind: 'object';
  /** In document order (JSON.parse would put integer-like keys first). */
  readonly entries: readonly JsonEntry[];
}

export interface JsonEntry {
  readonly key: string;
  readonly keyRange: SourceRange;
  readonly value: JsonNode;
}

export interface JsonArray extends SourceRange {
  readonly kind: 'array';
  readonly items: readonly JsonNode[];
}

export interface JsonString extends SourceRange {
  readonly kind: 'string';
  readonly value: string;
  /** Where `value`'s characters sit, when the literal has escapes (see EscapeMap); otherwise value[i] is at start + 1 + i. */
  readonly escapes: EscapeMap | undefined;
}

/**
 * Pairs (index into the decoded value, document offset) where a run starts: characters from that
 * index on sit at consecutive offsets until the next pair. An escape is a run of its own (one
 * decoded unit at the backslash); the last pair is (value.length, the closing quote).
 */
export type EscapeMap = Int32Array;

/** Document offset of `value[index]` (0 ≤ index ≤ value.length) for a string literal starting at `literalStart` (its quote). */
export function sourceOffset(escapes: EscapeMap | undefined, literalStart: number, index: number): number {
  if (!escapes) return literalStart + 1 + index;
  // The last pair whose index is ≤ index (binary search over the even slots).
  let low = 0;
  let high = escapes.length / 2 - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (escapes[2 * middle] <= index) low = middle;
    else high = middle - 1;
  }
  return escapes[2 * low + 1] + (index - escapes[2 * low]);
}

export interface JsonScalar extends SourceRange {
  readonly kind: 'number' | 'boolean' | 'null';
  readonly value: number | boolean | null;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`expected ${expected}, found ${found}`);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const MAX_DEPTH = 512;

/** Parses `text[from, to)` as one JSON value (surrounding whitespace allowed). Throws JsonSyntaxError. */
export function parseJsonTree(text: string, from = 0, to = text.length): JsonNode {
  const parser = new Parser(text, from, to);
  parser.skipSpace();
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.position < to) throw new JsonSyntaxError(parser.position, 'the end of the JSON value', parser.describeHere());
  return value;
}

/** "line 3, column 14" (1-based, columns in UTF-16 units) for an offset into `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

class Parser {
  position: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly to: number,
  ) {
    this.position = from;
  }

  skipSpace(): void {
    while (this.position < this.to) {
      const c = this.text.charCodeAt(this.position);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.position++;
    }
  }

  describeHere(): string {
    if (this.position >= this.to) return 'the end of the text';
    const c = this.text.codePointAt(this.position) ?? 0;
    return c < 0x20 ? `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(String.fromCodePoint(c));
  }

  private fail(expected: string): never {
    throw new JsonSyntaxError(this.position, expected, this.describeHere());
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nesting at most ${MAX_DEPTH} deep`);
    const c = this.text[this.position];
    if (this.position >= this.to) this.fail('a JSON value');
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    const start = this.position;
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, start) && start + word.length <= this.to) {
        this.position += word.length;
        return { kind: value === null ? 'null' : 'boolean', value, start, end: this.position };
      }
    }
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    if (!match || start + match[0].length > this.to) this.fail('a JSON value');
    this.position += match[0].length;
    return { kind: 'number', value: Number(match[0]), start, end: this.position };
  }

  private object(depth: number): JsonObject {
    const start = this.position++;
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.text[this.position] === '}' && this.position < this.to) {
      this.position++;
      return { kind: 'object', entries, start, end: this.position };
    }
    for (;;) {
      if (this.text[this.position] !== '"' || this.position >= this.to) this.fail(entries.length === 0 ? 'a property name or "}"' : 'a property name');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.position] !== ':' || this.position >= this.to) this.fail('":"');
      this.position++;
      this.skipSpace();
      entries.push({ key: key.value, keyRange: { start: key.start, end: key.end }, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.position < this.to ? this.text[this.position] : '';
      this.position++;
      if (next === '}') return { kind: 'object', entries, start, end: this.position };
      if (next !== ',') {
        this.position--;
        this.fail('"," or "}"');
      }
      this.skipSpace();
    }
  }

  private array(depth: number): JsonArray {
    const start = this.position++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.position] === ']' && this.position < this.to) {
      this.position++;
      return { kind: 'array', items, start, end: this.position };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.position < this.to ? this.text[this.position] : '';
      this.position++;
      if (next === ']') return { kind: 'array', items, start, end: this.position };
      if (next !== ',') {
        this.position--;
        this.fail('"," or "]"');
      }
      this.skipSpace();
    }
  }

  private string(): JsonString {
    const start = this.position++;
    const text = this.text;
    let value = '';
    let breakpoints: number[] | undefined;
    for (;;) {
      // Skip a run of ordinary characters in one step.
      PLAIN_RUN.lastIndex = this.position;
      PLAIN_RUN.test(text);
      const runStart = this.position;
      this.position = Math.min(PLAIN_RUN.lastIndex, this.to);
      if (breakpoints && this.position > runStart) breakpoints.push(value.length, runStart);
      if (breakpoints) value += text.slice(runStart, this.position);
      if (this.position >= this.to) this.fail('a closing quote');
      const c = text.charCodeAt(this.position);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('a character or escape (control characters must be escaped)');
      // An escape: from here on, decoded characters and their places are recorded as runs.
      if (!breakpoints) {
        breakpoints = this.position > start + 1 ? [0, start + 1] : [];
        value = text.slice(start + 1, this.position);
      }
      breakpoints.push(value.length, this.position);
      value += this.escape();
    }
    if (!breakpoints) value = text.slice(start + 1, this.position);
    else breakpoints.push(value.length, this.position);
    this.position++;
    return { kind: 'string', value, start, end: this.position, escapes: breakpoints && Int32Array.from(breakpoints) };
  }

  /** Reads the escape at the current position and returns what it stands for. */
  private escape(): string {
    const text = this.text;
    const letter = text[this.position + 1];
    if (letter === 'u') {
      const hex = text.slice(this.position + 2, this.position + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex) || this.position + 6 > this.to) {
        this.position++;
        this.fail('four hex digits after \\u');
      }
      this.position += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (letter !== undefined && ESCAPES[letter] !== undefined && this.position + 2 <= this.to) {
      this.position += 2;
      return ESCAPES[letter];
    }
    this.position++;
    this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
  }
}

/** The plain JavaScript value of a node (objects keep document order for non-integer keys). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, toPlain(entry.value)]));
    case 'array':
      return node.items.map(toPlain);
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return node.value;
    default:
      return assertNever(node);
  }
}
