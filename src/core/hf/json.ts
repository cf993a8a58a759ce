/**
 * Reading an untrusted JSON document field by field: every read names the field's path,
 * what was expected and what was found, in one line.
 */

export class TokenizerFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerFileError';
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A value at a path in the document. */
export class Field {
  constructor(
    readonly value: unknown,
    readonly path: string,
    private readonly source: string,
  ) {}

  fail(expected: string): never {
    throw new TokenizerFileError(`${this.source}: ${this.path}: expected ${expected}, found ${describeValue(this.value)}`);
  }

  /** An error about this field that is not a type mismatch. */
  problem(message: string): TokenizerFileError {
    return new TokenizerFileError(`${this.source}: ${this.path}: ${message}`);
  }

  get(key: string): Field {
    const object = this.object();
    return new Field(Object.hasOwn(object, key) ? object[key] : undefined, `${this.path}.${key}`, this.source);
  }

  at(index: number): Field {
    return new Field(this.array()[index], `${this.path}[${index}]`, this.source);
  }

  isMissing(): boolean {
    return this.value === undefined || this.value === null;
  }

  object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('an object');
    return this.value as Record<string, unknown>;
  }

  array(max = Number.MAX_SAFE_INTEGER): readonly unknown[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    if (this.value.length > max) this.fail(`at most ${max} items`);
    return this.value;
  }

  items(max?: number): Field[] {
    return this.array(max).map((_, i) => this.at(i));
  }

  string(maxLength = 1 << 20): string {
    if (typeof this.value !== 'string' || this.value.length > maxLength) this.fail(`a string of at most ${maxLength} characters`);
    return this.value;
  }

  optionalString(fallback: string | undefined): string | undefined {
    return this.isMissing() ? fallback : this.string();
  }

  boolean(fallback?: boolean): boolean {
    if (this.isMissing() && fallback !== undefined) return fallback;
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value;
  }

  integer(min: number, max: number): number {
    if (!Number.isSafeInteger(this.value) || (this.value as number) < min || (this.value as number) > max) this.fail(`an integer from ${min} to ${max}`);
    return this.value as number;
  }

  oneOf<T extends string>(values: readonly T[], fallback?: T): T {
    if (this.isMissing() && fallback !== undefined) return fallback;
    if (!values.includes(this.value as T)) this.fail(values.map((v) => JSON.stringify(v)).join(' or '));
    return this.value as T;
  }

  /** The `type` of a component, checked against the types Token Lens supports. */
  type<T extends string>(kind: string, supported: readonly T[]): T {
    const type = this.get('type');
    if (typeof type.value !== 'string') type.fail('a string');
    if (!supported.includes(type.value as T)) {
      throw this.problem(`${kind} type ${JSON.stringify(type.value)} is not supported (Token Lens supports ${supported.join(', ')})`);
    }
    return type.value as T;
  }
}
