/**
 * Checks of the panel's messages on receipt, one per direction: a webview is a separate page, so
 * neither side trusts the shape of what arrives. Pure; shared by the host and the webview.
 */
import { type FromWebview, PROJECTION_METHODS, type ToWebview, VECTOR_KINDS } from './protocol';

// ── checks on receipt ─────────────────────────────────────────────────────────────────────

/** A message that passed its check, or why it did not. */
export type Checked<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };

/** Returns what is wrong with `value` at `path`, or undefined when it is fine. */
type Check = (value: unknown, path: string) => string | undefined;

/** Limits that keep a malformed message from costing much: far above what the panel sends. */
export const PROTOCOL_LIMITS = { tokens: 100_000, text: 1_000, strings: 500, export: 64 * 1024 * 1024 } as const;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value === 'object' ? 'an object' : String(value);
const wrong = (path: string, expected: string, value: unknown) => `${path}: expected ${expected}, found ${describe(value)}`;

const integer = (min = 0): Check => (v, p) => (Number.isSafeInteger(v) && (v as number) >= min ? undefined : wrong(p, `an integer ≥ ${min}`, v));
const finite: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? undefined : wrong(p, 'a finite number', v));
const fraction: Check = (v, p) => (typeof v === 'number' && v >= 0 && v <= 1 ? undefined : wrong(p, 'a number from 0 to 1', v));
const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : wrong(p, 'true or false', v));
const text = (max: number = PROTOCOL_LIMITS.text): Check => (v, p) =>
  typeof v === 'string' && v.length <= max ? undefined : wrong(p, `a string of at most ${max} characters`, v);
const oneOf = (...values: readonly unknown[]): Check => (v, p) => (values.includes(v) ? undefined : wrong(p, values.map((x) => JSON.stringify(x)).join(' or '), v));
const nullable = (check: Check): Check => (v, p) => (v === null ? undefined : check(v, p));

function array(item: Check, max: number = PROTOCOL_LIMITS.tokens, length?: number): Check {
  return (v, p) => {
    if (!Array.isArray(v) || v.length > max) return wrong(p, `an array of at most ${max} items`, v);
    if (length !== undefined && v.length !== length) return `${p}: expected ${length} items, found ${v.length}`;
    for (let i = 0; i < v.length; i++) {
      const error = item(v[i], `${p}[${i}]`);
      if (error) return error;
    }
    return undefined;
  };
}

function object(fields: Readonly<Record<string, Check>>): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong(p, 'an object', v);
    for (const [key, check] of Object.entries(fields)) {
      const error = check((v as Record<string, unknown>)[key], `${p}.${key}`);
      if (error) return error;
    }
    return undefined;
  };
}

function record(max: number): Check {
  return (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return wrong(p, 'an object', v);
    const entries = Object.entries(v);
    if (entries.length > max) return `${p}: expected at most ${max} entries, found ${entries.length}`;
    const bad = entries.find(([, value]) => typeof value !== 'string' || value.length > PROTOCOL_LIMITS.text);
    return bad ? wrong(`${p}.${bad[0]}`, 'a short string', bad[1]) : undefined;
  };
}

const view = object({ kind: oneOf(...VECTOR_KINDS), method: oneOf(...PROJECTION_METHODS) });
const generation = integer(1);
const token = object({ index: integer(), id: integer(), text: text(), lineBreaks: integer(), special: boolean, partial: boolean });
const matrix = object({ label: text(), rows: integer(), columns: integer(), weights: integer(), trainable: boolean });
const source = object({
  label: text(),
  learned: boolean,
  dimension: integer(1),
  contextLength: nullable(integer(1)),
  addsPositions: boolean,
  matrices: array(matrix, 4),
});

const toWebview: Readonly<Record<ToWebview['type'], Check>> = {
  init: object({ locale: text(64), strings: record(PROTOCOL_LIMITS.strings) }),
  tokens: object({
    generation,
    documentName: text(),
    scope: oneOf('selection', 'document'),
    encoding: text(64),
    characters: integer(),
    total: integer(),
    tokens: array(token),
    source: nullable(source),
    notice: nullable(text()),
  }),
  highlight: object({ generation, indices: array(integer()), cursor: boolean }),
  progress: object({ generation, view, fraction, phase: text(200) }),
  projection: object({
    generation,
    view,
    points: array(finite, 2 * PROTOCOL_LIMITS.tokens),
    norms: array(finite),
    explainedVariance: nullable(array(fraction, 2, 2)),
    note: nullable(text()),
  }),
  projectionFailed: object({ generation, view, cancelled: boolean, message: text() }),
  neighbors: object({
    generation,
    index: integer(),
    neighbors: array(object({ id: integer(), text: text(), cosine: finite }), 100),
    note: nullable(text()),
  }),
};

const fromWebview: Readonly<Record<FromWebview['type'], Check>> = {
  ready: object({ view }),
  view: object({ view }),
  cancel: object({}),
  select: object({ generation, index: integer() }),
  hover: object({ generation, index: integer() }),
  scope: object({ scope: oneOf('document') }),
  export: object({ format: oneOf('svg', 'png'), data: text(PROTOCOL_LIMITS.export) }),
};

function checkWith<T extends { readonly type: string }>(checks: Readonly<Record<string, Check>>, value: unknown): Checked<T> {
  if (typeof value !== 'object' || value === null) return { ok: false, error: `message: expected an object, found ${describe(value)}` };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(checks, type)) return { ok: false, error: `message.type: unknown message type ${describe(type)}` };
  const error = checks[type](value, type);
  return error ? { ok: false, error } : { ok: true, message: value as T };
}

/** Checks a message the webview received from the host. */
export function checkToWebview(value: unknown): Checked<ToWebview> {
  const checked = checkWith<ToWebview>(toWebview, value);
  if (checked.ok && checked.message.type === 'projection' && checked.message.points.length !== 2 * checked.message.norms.length) {
    return { ok: false, error: `projection.points: expected 2 numbers per norm (${checked.message.norms.length}), found ${checked.message.points.length}` };
  }
  return checked;
}

/** Checks a message the host received from the webview. */
export function checkFromWebview(value: unknown): Checked<FromWebview> {
  const checked = checkWith<FromWebview>(fromWebview, value);
  if (checked.ok && checked.message.type === 'export') {
    const { format, data } = checked.message;
    const valid = format === 'png' ? data.startsWith('data:image/png;base64,') : /^\s*<svg[\s>]/.test(data);
    if (!valid) return { ok: false, error: `export.data: expected ${format === 'png' ? 'a PNG data URL' : 'an SVG document'}` };
  }
  return checked;
}
