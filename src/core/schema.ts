/**
 * Typed checks for data that crosses a boundary (the panel's messages): each schema checks a value
 * on receipt and names the failing field (`tokens.tokens[0].id: expected…`), and the value's type
 * is inferred from it (`type X = Infer<typeof X>`), so a field cannot be declared without a check.
 * Only declared fields are read, by own-property lookup, so `__proto__` and extra keys cost nothing.
 */

/** Returns what is wrong with `value` at `path`, or undefined when it is fine. */
export type Check = (value: unknown, path: string) => string | undefined;

export interface Schema<T> {
  readonly check: Check;
  /** Carries the checked type; never set. */
  readonly type?: T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export type Fields = Readonly<Record<string, Schema<unknown>>>;
type Simplify<T> = { readonly [K in keyof T]: T[K] } & {};
type InferFields<F extends Fields> = Simplify<{ readonly [K in keyof F]: Infer<F[K]> }>;

/** An object schema keeps its fields, so tests can walk them. */
export interface ObjectSchema<F extends Fields> extends Schema<InferFields<F>> {
  readonly fields: F;
}

const describeValue = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'string'
        ? JSON.stringify(value.slice(0, 40))
        : typeof value === 'object'
          ? 'an object'
          : String(value);

const wrong = (path: string, expected: string, value: unknown) => `${path}: expected ${expected}, found ${describeValue(value)}`;
const schema = <T>(check: Check): Schema<T> => ({ check });
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (value: Readonly<Record<string, unknown>>, key: string): unknown => (Object.hasOwn(value, key) ? value[key] : undefined);

export const boolean: Schema<boolean> = schema((v, p) => (typeof v === 'boolean' ? undefined : wrong(p, 'true or false', v)));

export function integer({ min = 0 }: { readonly min?: number } = {}): Schema<number> {
  return schema((v, p) => (Number.isSafeInteger(v) && (v as number) >= min ? undefined : wrong(p, `an integer ≥ ${min}`, v)));
}

/** A finite number, within `min` and `max` when given. */
export function number({ min, max }: { readonly min?: number; readonly max?: number } = {}): Schema<number> {
  const expected =
    min !== undefined && max !== undefined
      ? `a number from ${min} to ${max}`
      : min !== undefined
        ? `a number ≥ ${min}`
        : max !== undefined
          ? `a number ≤ ${max}`
          : 'a finite number';
  return schema((v, p) =>
    typeof v === 'number' && Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max) ? undefined : wrong(p, expected, v),
  );
}

export function string({ max }: { readonly max: number }): Schema<string> {
  return schema((v, p) => (typeof v === 'string' && v.length <= max ? undefined : wrong(p, `a string of at most ${max} characters`, v)));
}

/** Exactly one of `values`. */
export function literal<const L extends readonly (string | number | boolean)[]>(...values: L): Schema<L[number]> {
  return schema((v, p) => (values.includes(v as L[number]) ? undefined : wrong(p, values.map((x) => JSON.stringify(x)).join(' or '), v)));
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> & { readonly inner: Schema<T> } {
  return { inner, check: (v, p) => (v === null ? undefined : inner.check(v, p)) };
}

/** At most `max` items (exactly `length` when given), each checked. */
export function array<T>(item: Schema<T>, { max, length }: { readonly max: number; readonly length?: number }): Schema<readonly T[]> & { readonly item: Schema<T> } {
  const check: Check = (v, p) => {
    if (!Array.isArray(v) || v.length > max) return wrong(p, `an array of at most ${max} items`, v);
    if (length !== undefined && v.length !== length) return `${p}: expected ${length} items, found ${v.length}`;
    for (let i = 0; i < v.length; i++) {
      const error = item.check(v[i], `${p}[${i}]`);
      if (error) return error;
    }
    return undefined;
  };
  return { item, check };
}

/** An object with (at least) these fields; other keys are ignored and never read. */
export function object<const F extends Fields>(fields: F): ObjectSchema<F> {
  const entries = Object.entries(fields);
  return {
    fields,
    check: (v, p) => {
      if (!isRecord(v)) return wrong(p, 'an object', v);
      for (const [key, field] of entries) {
        const error = field.check(own(v, key), `${p}.${key}`);
        if (error) return error;
      }
      return undefined;
    },
  };
}

/** An object with one field per key, all of the same schema (a table of UI strings). */
export function keyed<const K extends string, T>(keys: readonly K[], value: Schema<T>): ObjectSchema<{ readonly [P in K]: Schema<T> }> {
  return object(Object.fromEntries(keys.map((key) => [key, value])) as { readonly [P in K]: Schema<T> });
}

/** A message: an object whose `type` field is this literal. */
export interface MessageSchema<T extends string, F extends Fields> extends ObjectSchema<{ readonly type: Schema<T> } & F> {
  readonly name: T;
}

export function message<const T extends string, const F extends Fields>(type: T, fields: F): MessageSchema<T, F> {
  return { ...object({ type: literal(type), ...fields }), name: type };
}

/** `base` (a message), then a check across its fields, run once the fields are fine. */
export function refine<T extends string, F extends Fields>(
  base: MessageSchema<T, F>,
  extra: (value: Infer<MessageSchema<T, F>>, path: string) => string | undefined,
): MessageSchema<T, F> {
  return { ...base, check: (v, p) => base.check(v, p) ?? extra(v as Infer<MessageSchema<T, F>>, p) };
}

type AnyMessage = MessageSchema<string, Fields>;

/**
 * One of several messages, told apart by `type`. A message's fields are named from its type
 * (`tokens.generation`): the message is the root of what is checked.
 */
export function messages<const V extends readonly AnyMessage[]>(
  ...variants: V
): Schema<Infer<V[number]>> & { readonly variants: Readonly<Record<string, AnyMessage>> } {
  const byType: Record<string, AnyMessage> = Object.create(null);
  for (const variant of variants) byType[variant.name] = variant;
  return {
    variants: byType,
    check: (v, p) => {
      if (!isRecord(v)) return wrong(p, 'an object', v);
      const type = own(v, 'type');
      if (typeof type !== 'string' || !Object.hasOwn(byType, type)) return `${p}.type: unknown message type ${describeValue(type)}`;
      return byType[type].check(v, type);
    },
  };
}
