import * as assert from 'node:assert/strict';
import type { Infer, ObjectSchema, Schema } from '../../../src/core/schema';
import {
  FromWebview,
  PANEL_STRING_KEYS,
  type PanelStringKey,
  type PanelToken,
  ToWebview,
} from '../../../src/protocol';
import { checkFromWebview, checkToWebview } from '../../../src/protocolCheck';

// ── checked by the compiler (npm run typecheck) ───────────────────────────────────────────
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** The messages each side handles are exactly what the schemas check: no hand-written type beside them. */
export type TypesComeFromTheChecks = [
  Assert<Equal<ToWebview, Infer<typeof ToWebview>>>,
  Assert<Equal<FromWebview, Infer<typeof FromWebview>>>,
  // Inferred fields are read-only and precise, not `any` or `string`.
  Assert<Equal<PanelToken, { readonly index: number; readonly id: number; readonly text: string; readonly lineBreaks: number; readonly special: boolean; readonly partial: boolean; readonly framing: boolean }>>,
  Assert<Equal<Extract<ToWebview, { type: 'tokens' }>['scope'], 'selection' | 'document'>>,
  Assert<Equal<Extract<ToWebview, { type: 'projection' }>['explainedVariance'], readonly number[] | null>>,
  Assert<Equal<ToWebview['type'], 'init' | 'tokens' | 'highlight' | 'progress' | 'projection' | 'projectionFailed' | 'neighbors' | 'training'>>,
];

const view = { kind: 'input', method: 'pca' } as const;
const token: PanelToken = { index: 0, id: 791, text: 'The', lineBreaks: 0, special: false, partial: false, framing: false };

/** One well-formed message of every type, each direction. */
const toWebview: ToWebview[] = [
  { type: 'init', locale: 'en', strings: Object.fromEntries(PANEL_STRING_KEYS.map((key) => [key, key])) as Record<PanelStringKey, string> },
  {
    type: 'tokens',
    generation: 1,
    documentName: 'a.md',
    scope: 'document',
    encoding: 'o200k_base',
    characters: 3,
    total: 1,
    tokens: [token],
    source: { label: 'initial', learned: false, dimension: 768, contextLength: 1024, addsPositions: true, matrices: [{ label: 'word embedding', rows: 50257, columns: 768, weights: 38597376, trainable: true }], provenance: 'untrained', about: 'Untrained: random initial weights.' },
    notice: null,
  },
  { type: 'highlight', generation: 1, indices: [0], cursor: true },
  { type: 'progress', generation: 1, view, fraction: 0.5, phase: 'optimising the layout' },
  { type: 'projection', generation: 1, view, points: [0.5, -0.5], norms: [0.8], explainedVariance: [0.1, 0.05], note: null },
  { type: 'projectionFailed', generation: 1, view, cancelled: true, message: '' },
  { type: 'neighbors', generation: 1, index: 0, neighbors: [{ id: 464, text: '·the', cosine: 0.9 }], note: null },
  { type: 'training', status: 'notes: epoch 1/5', fractions: [0.1, 0.2], losses: [4.1, 3.2], texts: ['·the', ','], points: [0.5, -0.5, -1, 1], done: false },
];

const fromWebview: FromWebview[] = [
  { type: 'ready', view },
  { type: 'view', view: { kind: 'word', method: 'tsne' } },
  { type: 'cancel' },
  { type: 'select', generation: 3, index: 12 },
  { type: 'hover', generation: 3, index: 12 },
  { type: 'scope', scope: 'document' },
  { type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
  { type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=' },
  { type: 'useTrained' },
  { type: 'rejected', error: 'tokens.generation: expected an integer ≥ 1, found "latest"' },
];

/** `message` with `path` (dot separated) set to `value`. */
function altered<T>(message: T, path: string, value: unknown): unknown {
  const copy = structuredClone(message) as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = value;
  return copy;
}

function rejects(result: { ok: boolean; error?: string }, fragment: RegExp): void {
  assert.equal(result.ok, false, 'the message should have been rejected');
  assert.match(result.error ?? '', fragment);
}

/** Every path (`tokens.0.id`) to a field of `value`, objects and arrays walked to their leaves. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...fieldPaths(child, [...prefix, key])]);
}

/** `message` without the field at `path`. */
function without<T>(message: T, path: readonly string[]): unknown {
  const copy = structuredClone(message) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  delete target[path[path.length - 1]];
  return copy;
}

describe('protocol checks', () => {
  // The samples are typed, so the compiler makes them carry every field their message type declares.
  const samples: readonly [string, readonly { readonly type: string }[], (value: unknown) => { ok: boolean; error?: string }][] = [
    ['host → webview', toWebview, checkToWebview],
    ['webview → host', fromWebview, checkFromWebview],
  ];
  /** Every field path a schema declares, walked through nullable values and array items (`tokens.0.id`) to the leaves. */
  function declaredPaths(schema: Schema<unknown>, prefix: string[] = []): string[][] {
    const { fields, item, inner } = schema as Partial<ObjectSchema<Record<string, Schema<unknown>>> & { item: Schema<unknown>; inner: Schema<unknown> }>;
    if (inner) return declaredPaths(inner, prefix);
    if (item) return declaredPaths(item, [...prefix, '0']);
    if (!fields) return [];
    return Object.entries(fields).flatMap(([key, field]) => [[...prefix, key], ...declaredPaths(field, [...prefix, key])]);
  }

  for (const [direction, schema, messages] of [['host → webview', ToWebview, toWebview], ['webview → host', FromWebview, fromWebview]] as const) {
    it(`has a sample of every ${direction} message carrying every declared field`, () => {
      const sampled = new Set<string>(messages.map((message) => message.type));
      assert.deepEqual([...sampled].sort(), Object.keys(schema.variants).sort());
      for (const [type, variant] of Object.entries(schema.variants)) {
        const fields = new Set(messages.filter((message) => message.type === type).flatMap((message) => fieldPaths(message).map((path) => path.join('.'))));
        for (const path of declaredPaths(variant)) assert.ok(fields.has(path.join('.')), `${type}.${path.join('.')} has no sample`);
      }
    });
  }

  for (const [direction, messages, check] of samples) {
    it(`checks every field of every ${direction} message: without it the message is rejected, naming it`, () => {
      for (const message of messages) {
        for (const path of fieldPaths(message).filter((path) => path[0] !== 'type')) {
          const named = [message.type, ...path].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
          const result = check(without(message, path));
          assert.equal(result.ok, false, `${named} is not checked`);
          assert.ok(result.error?.startsWith(named), `${named}: the error names another field: ${result.error}`);
        }
      }
    });
  }

  describe('host → webview', () => {
    for (const message of toWebview) {
      it(`accepts a well-formed ${message.type} message`, () => assert.deepEqual(checkToWebview(message), { ok: true, message }));
    }

    it('rejects what is not a message', () => {
      for (const value of [null, undefined, 42, 'tokens', [], {}, { type: 'explode' }, { type: 42 }]) {
        assert.equal(checkToWebview(value).ok, false, JSON.stringify(value));
      }
      rejects(checkToWebview({ type: 'toString' }), /unknown message type/);
    });

    it('rejects tokens with the wrong shape, naming the field', () => {
      const tokens = toWebview[1];
      rejects(checkToWebview(altered(tokens, 'generation', 0)), /tokens\.generation: expected an integer ≥ 1/);
      rejects(checkToWebview(altered(tokens, 'scope', 'everything')), /tokens\.scope/);
      rejects(checkToWebview(altered(tokens, 'tokens', [{ ...token, id: -1 }])), /tokens\.tokens\[0\]\.id/);
      rejects(checkToWebview(altered(tokens, 'tokens', [{ ...token, text: { toString: 'x' } }])), /tokens\.tokens\[0\]\.text: expected a string/);
      rejects(checkToWebview(altered(tokens, 'tokens', [{ ...token, text: 'x'.repeat(5000) }])), /at most 1000 characters/);
      rejects(checkToWebview(altered(tokens, 'tokens', 'all of them')), /expected an array/);
      rejects(checkToWebview(altered(tokens, 'source.contextLength', 0)), /contextLength/);
      rejects(checkToWebview(altered(tokens, 'notice', 7)), /tokens\.notice/);
    });

    it('accepts tokens under any tokenizer name the host gives, such as a Hub model pinned to a commit', () => {
      // modelLabel('hub:meta-llama/Llama-3.1-8B-Instruct@<commit>'): 73 characters, the name the strip's header shows.
      const pinned = 'meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659';
      const message = altered(toWebview[1], 'encoding', pinned);
      assert.deepEqual(checkToWebview(message), { ok: true, message });
    });

    it('rejects projections whose numbers are not finite or do not match the norms', () => {
      const projection = toWebview[4];
      rejects(checkToWebview(altered(projection, 'points', [Number.NaN, 0])), /projection\.points\[0\]: expected a finite number/);
      rejects(checkToWebview(altered(projection, 'points', [0, 0, 1, 1])), /2 numbers per norm/);
      rejects(checkToWebview(altered(projection, 'explainedVariance', [0.5])), /expected 2 items/);
      rejects(checkToWebview(altered(projection, 'explainedVariance', [1.5, 0])), /from 0 to 1/);
      rejects(checkToWebview(altered(projection, 'view.kind', 'letters')), /projection\.view\.kind/);
    });

    it('rejects init strings that are not short strings', () => {
      rejects(checkToWebview(altered(toWebview[0], 'strings.cancel', 3)), /init\.strings\.cancel: expected a string/);
      rejects(checkToWebview(altered(toWebview[0], 'strings.cancel', 'x'.repeat(5000))), /init\.strings\.cancel: expected a string of at most 1000/);
      rejects(checkToWebview(altered(toWebview[0], 'strings', ['Cancel'])), /expected an object/);
    });
  });

  describe('webview → host', () => {
    for (const message of fromWebview) {
      it(`accepts a well-formed ${message.type} message`, () => assert.deepEqual(checkFromWebview(message), { ok: true, message }));
    }

    it('rejects unknown types and missing fields', () => {
      rejects(checkFromWebview({ type: 'eval', code: 'alert(1)' }), /unknown message type "eval"/);
      rejects(checkFromWebview({ type: 'ready' }), /ready\.view: expected an object/);
      rejects(checkFromWebview({ type: 'select', index: 1 }), /select\.generation/);
      rejects(checkFromWebview({ type: 'rejected', error: 'x'.repeat(1001) }), /rejected\.error: .*at most 1000 characters/);
      rejects(checkFromWebview({ type: '__proto__' }), /unknown message type/);
      rejects(checkFromWebview(JSON.parse('{"type": "select", "generation": 1, "__proto__": {"index": 3}}')), /select\.index/);
      rejects(checkFromWebview(Object.assign(Object.create({ index: 3 }), { type: 'select', generation: 1 })), /select\.index: expected an integer/);
    });

    it('rejects out-of-range values', () => {
      rejects(checkFromWebview({ type: 'select', generation: 1, index: -1 }), /select\.index: expected an integer ≥ 0/);
      rejects(checkFromWebview({ type: 'select', generation: 1, index: 1.5 }), /select\.index/);
      rejects(checkFromWebview({ type: 'hover', generation: 1, index: Number.MAX_VALUE }), /hover\.index/);
      rejects(checkFromWebview({ type: 'view', view: { kind: 'word', method: 'kmeans' } }), /view\.view\.method: expected "pca" or "umap" or "tsne"/);
      rejects(checkFromWebview({ type: 'scope', scope: 'selection' }), /scope\.scope/);
    });

    it('accepts exports only as an SVG document or a PNG data URL', () => {
      rejects(checkFromWebview({ type: 'export', format: 'svg', data: '<html><script>alert(1)</script></html>' }), /expected an SVG document/);
      rejects(checkFromWebview({ type: 'export', format: 'png', data: 'data:text/html,<script>alert(1)</script>' }), /expected a PNG data URL/);
      rejects(checkFromWebview({ type: 'export', format: 'pdf', data: '' }), /export\.format/);
      rejects(checkFromWebview({ type: 'export', format: 'svg', data: 42 }), /export\.data: expected a string/);
    });
  });
});
