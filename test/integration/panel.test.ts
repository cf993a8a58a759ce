import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenLensApi } from '../../src/extension/api';
import type { ProjectionMessage, TokensMessage, ViewSettings } from '../../src/protocol';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

const TEXT = 'The cat sat on the mat. The cat sat on the hat.';

/** Messages the panel sent before the current test: never taken as answers in it. */
let stale = new Set<unknown>();
const fresh = <T>(message: T | undefined): T | undefined => (message !== undefined && !stale.has(message) ? message : undefined);

/** The tokens message for `what`, once the panel has sent one in this test that `accept` likes. */
function waitForTokens(api: TokenLensApi, what: string, accept: (message: TokensMessage) => boolean): Promise<TokensMessage> {
  return waitFor(what, () => {
    const message = fresh(api.panel.lastSent('tokens'));
    return message && accept(message) ? message : undefined;
  }, () => api.panel.lastSent('tokens'));
}

/** The projection of the current tokens in `view`. */
function waitForProjection(api: TokenLensApi, view: ViewSettings): Promise<ProjectionMessage> {
  return waitFor(
    `a ${view.kind}/${view.method} projection`,
    () => {
      const tokens = fresh(api.panel.lastSent('tokens'));
      const projection = fresh(api.panel.lastSent('projection'));
      const failed = fresh(api.panel.lastSent('projectionFailed'));
      if (failed && failed.generation === tokens?.generation && failed.view.kind === view.kind && failed.view.method === view.method) {
        throw new Error(`the projection failed: ${failed.message}`);
      }
      return projection && tokens && projection.generation === tokens.generation && projection.view.kind === view.kind && projection.view.method === view.method
        ? projection
        : undefined;
    },
    () => ({ projection: api.panel.lastSent('projection')?.view, failed: api.panel.lastSent('projectionFailed') }),
    60_000,
  );
}

const point = (projection: ProjectionMessage, i: number): [number, number] => [projection.points[2 * i], projection.points[2 * i + 1]];

describe('panel', function () {
  this.timeout(90_000);
  let api: TokenLensApi;

  before(async () => {
    api = await tokenLens();
  });

  // Each test starts with no editor and no panel, and counts only what the panel sends from then on.
  beforeEach(async () => {
    await closeAllEditors();
    await waitFor('the panel to close', () => !api.panel.visible() && !api.panel.ready());
    const types = ['tokens', 'projection', 'projectionFailed', 'highlight'] as const;
    stale = new Set(types.map((type) => api.panel.lastSent(type)).filter((message) => message !== undefined));
  });

  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  /** TEXT in a new editor with a bare cursor, and the panel beside it showing the whole document. */
  async function showPanel(): Promise<{ editor: vscode.TextEditor; message: TokensMessage }> {
    const editor = await openText(TEXT);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('tokenLens.showPanel');
    await waitFor('the webview to say ready', () => api.panel.ready());
    return { editor, message: await waitForTokens(api, 'the whole document', (m) => m.scope === 'document' && m.characters === TEXT.length) };
  }

  it('opens beside the editor and receives the tokens of the selection', async () => {
    const editor = await openText(TEXT);
    editor.selection = new vscode.Selection(0, 0, 0, 23); // "The cat sat on the mat."
    await vscode.commands.executeCommand('tokenLens.showPanel');
    await waitFor('the webview to say ready', () => api.panel.ready());
    assert.ok(api.panel.visible());
    const message = await waitForTokens(api, 'the selection', (m) => m.scope === 'selection');
    const expected = ourEncoder('o200k_base').encode('The cat sat on the mat.');
    assert.deepEqual(message.tokens.map((token) => token.id), expected);
    assert.deepEqual(message.tokens.map((token) => token.index), expected.map((_, i) => i));
    assert.equal(message.tokens[1].text, '·cat', 'whitespace is made visible');
    assert.equal(message.total, expected.length);
    assert.equal(message.encoding, 'o200k_base');
    assert.ok(message.source?.matrices.some((matrix) => matrix.label === 'word embedding' && matrix.columns === 768));
    const projection = await waitForProjection(api, { kind: 'input', method: 'pca' });
    assert.equal(projection.points.length, 2 * expected.length);
    assert.equal(projection.explainedVariance?.length, 2);
    assert.ok(projection.points.every((value) => Math.abs(value) <= 1 + 1e-6));
    const highlight = await waitFor('the highlight of the selection', () => fresh(api.panel.lastSent('highlight')), () => api.panel.lastSent('highlight'));
    assert.equal(highlight.cursor, false);
    assert.deepEqual(highlight.indices, expected.map((_, i) => i));
  });

  it('switches vector kind and method: a repeated token is one point as a word, two once positions are added', async () => {
    const { message } = await showPanel();
    const ids = message.tokens.map((token) => token.id);
    const cat = ids.indexOf(ids[1]);
    const again = ids.indexOf(ids[1], cat + 1);
    assert.ok(again > cat, '" cat" appears twice');

    await api.panel.receive({ type: 'view', view: { kind: 'word', method: 'pca' } });
    const word = await waitForProjection(api, { kind: 'word', method: 'pca' });
    assert.deepEqual(point(word, cat), point(word, again));
    await api.panel.receive({ type: 'view', view: { kind: 'input', method: 'pca' } });
    const input = await waitForProjection(api, { kind: 'input', method: 'pca' });
    assert.notDeepEqual(point(input, cat), point(input, again));

    await api.panel.receive({ type: 'view', view: { kind: 'position', method: 'umap' } });
    const umap = await waitForProjection(api, { kind: 'position', method: 'umap' });
    assert.equal(umap.explainedVariance, null);
    assert.equal(umap.norms.length, message.tokens.length);
    await api.panel.receive({ type: 'view', view: { kind: 'word', method: 'tsne' } });
    const tsne = await waitForProjection(api, { kind: 'word', method: 'tsne' });
    assert.deepEqual(point(tsne, cat), point(tsne, again));
    assert.deepEqual(api.panel.view(), { kind: 'word', method: 'tsne' });
  });

  it('selects the token in the editor when the webview says it was clicked', async () => {
    const { editor, message } = await showPanel();
    const target = message.tokens.find((token) => token.text === '·the');
    assert.ok(target);
    await api.panel.receive({ type: 'select', generation: message.generation, index: target.index });
    const start = TEXT.indexOf(' the');
    await waitFor(
      'the token to be selected',
      () => editor.document.offsetAt(editor.selection.start) === start && editor.document.offsetAt(editor.selection.end) === start + 4,
      () => editor.selection,
    );
    // A selection the panel made lies inside what it shows: it highlights, the panel keeps the document.
    await waitFor('the highlight of the clicked token', () => {
      const highlight = fresh(api.panel.lastSent('highlight'));
      return highlight?.cursor === false && highlight.indices.length === 1 && highlight.indices[0] === target.index;
    }, () => api.panel.lastSent('highlight'));
    assert.equal(api.panel.lastSent('tokens')?.scope, 'document');
  });

  it('ignores malformed messages and says why', async () => {
    const { editor } = await showPanel();
    const selection = editor.selection;
    const before = api.panel.rejected().length;
    await api.panel.receive({ type: 'select', generation: 'latest', index: 0 });
    await api.panel.receive({ type: 'select', generation: 1, index: -3 });
    await api.panel.receive({ type: 'view', view: { kind: 'word', method: 'kmeans' } });
    await api.panel.receive({ type: 'export', format: 'svg', data: '<html><script>alert(1)</script>' });
    await api.panel.receive('ready');
    const rejected = api.panel.rejected().slice(before);
    assert.equal(rejected.length, 5, rejected.join('\n'));
    assert.match(rejected[0], /select\.generation: expected an integer ≥ 1/);
    assert.match(rejected[2], /view\.view\.method/);
    assert.match(rejected[3], /export\.data: expected an SVG document/);
    assert.ok(editor.selection.isEqual(selection), 'a rejected select changed the selection');
  });

  it('a message the webview cannot check is ignored there, and the extension logs why', async () => {
    await showPanel();
    const logged = api.log.entries().length;
    const before = api.panel.lastReceived('rejected');
    assert.ok(await api.panel.sendUnchecked({ type: 'tokens', generation: 'latest' }), 'posted to the webview');
    await waitFor('the webview says it ignored the message', () => api.panel.lastReceived('rejected') !== before, () => api.panel.lastReceived('rejected'));
    assert.match(api.panel.lastReceived('rejected')?.error ?? '', /^tokens\.generation: expected an integer ≥ 1/);
    const lines = api.log.entries().slice(logged);
    assert.ok(lines.some((line) => line.level === 'error' && /^Panel: the webview ignored a message from the extension: tokens\.generation: /.test(line.message)), JSON.stringify(lines));
  });

  it('follows the active editor and shows the first tokens of a long document with the count of all', async () => {
    await showPanel();
    await setSetting('panel.maxTokens', 10);
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    await openText(long, 'plaintext');
    const total = ourEncoder('o200k_base').count(long);
    const message = await waitForTokens(api, 'the long document', (m) => m.total === total && m.tokens.length === 10);
    assert.deepEqual(message.tokens.map((token) => token.index), [...Array(10).keys()]);
  });
});
