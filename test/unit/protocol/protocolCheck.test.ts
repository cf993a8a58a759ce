import * as assert from 'node:assert/strict';
import type { FromWebview, PanelToken, ToWebview } from '../../../src/protocol';
import { checkFromWebview, checkToWebview } from '../../../src/protocolCheck';

const view = { kind: 'input', method: 'pca' } as const;
const token: PanelToken = { index: 0, id: 791, text: 'The', lineBreaks: 0, special: false, partial: false };

/** One well-formed message of every type, each direction. */
const toWebview: ToWebview[] = [
  { type: 'init', locale: 'en', strings: { cancel: 'Cancel' } as never },
  {
    type: 'tokens',
    generation: 1,
    documentName: 'a.md',
    scope: 'document',
    encoding: 'o200k_base',
    characters: 3,
    total: 1,
    tokens: [token],
    source: { label: 'initial', learned: false, dimension: 768, contextLength: 1024, addsPositions: true, matrices: [{ label: 'word embedding', rows: 50257, columns: 768, weights: 38597376, trainable: true }] },
    notice: null,
  },
  { type: 'highlight', generation: 1, indices: [0], cursor: true },
  { type: 'progress', generation: 1, view, fraction: 0.5, phase: 'optimising the layout' },
  { type: 'projection', generation: 1, view, points: [0.5, -0.5], norms: [0.8], explainedVariance: [0.1, 0.05], note: null },
  { type: 'projectionFailed', generation: 1, view, cancelled: true, message: '' },
  { type: 'neighbors', generation: 1, index: 0, neighbors: [{ id: 464, text: '·the', cosine: 0.9 }], note: null },
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

describe('protocol checks', () => {
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

    it('rejects projections whose numbers are not finite or do not match the norms', () => {
      const projection = toWebview[4];
      rejects(checkToWebview(altered(projection, 'points', [Number.NaN, 0])), /projection\.points\[0\]: expected a finite number/);
      rejects(checkToWebview(altered(projection, 'points', [0, 0, 1, 1])), /2 numbers per norm/);
      rejects(checkToWebview(altered(projection, 'explainedVariance', [0.5])), /expected 2 items/);
      rejects(checkToWebview(altered(projection, 'explainedVariance', [1.5, 0])), /from 0 to 1/);
      rejects(checkToWebview(altered(projection, 'view.kind', 'letters')), /projection\.view\.kind/);
    });

    it('rejects init strings that are not short strings', () => {
      rejects(checkToWebview(altered(toWebview[0], 'strings', { cancel: 3 })), /init\.strings\.cancel/);
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
      rejects(checkFromWebview({ type: '__proto__' }), /unknown message type/);
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
