import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, extensionId, hoverText, openText, resetSettings, tokenLens, waitFor } from './support';

interface Range {
  readonly min: number;
  readonly max: number;
}

/**
 * Every whole-number Token Lens setting and its range, as the manifest declares them (not as the code does).
 * Shares of the context window (`number`) are read by core's parseBudgetThresholds instead, which keeps the defaults.
 */
function numericSettings(): [key: string, range: Range][] {
  const properties = vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.configuration.properties as Record<
    string,
    { type: string; minimum: number; maximum: number }
  >;
  return Object.entries(properties)
    .filter(([, property]) => property.type === 'integer')
    .map(([id, property]) => [id.replace(/^tokenLens\./, ''), { min: property.minimum, max: property.maximum }]);
}

/** Writes the setting into the workspace's .vscode/settings.json, as a repository could, and waits until it is seen. */
async function setWorkspaceSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenLens').update(key, value, vscode.ConfigurationTarget.Workspace);
  await waitFor(`workspace setting ${key} = ${value}`, () => vscode.workspace.getConfiguration('tokenLens').inspect(key)?.workspaceValue === value);
}

const grouped = (value: number) => value.toLocaleString('en-US');

describe('settings out of range', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const [key] of numericSettings()) await setWorkspaceSetting(key, undefined);
    await setWorkspaceSetting('embedding.model', undefined);
    await resetSettings();
    await closeAllEditors();
  });

  for (const absurd of [1e9, -1, 0]) {
    it(`a workspace that sets every numeric setting to ${absurd} hovers and shows the panel at the clamped sizes, and says so once`, async () => {
      const api = await tokenLens();
      const settings = numericSettings();
      assert.ok(settings.length >= 5, settings.map(([key]) => key).join(', '));
      const clamped = new Map(settings.map(([key, range]) => [key, Math.min(range.max, Math.max(range.min, absurd))]));
      const memoryBefore = process.memoryUsage();
      // custom: both the dimension and the context length settings shape the vectors.
      await setWorkspaceSetting('embedding.model', 'custom');
      for (const [key] of settings) await setWorkspaceSetting(key, absurd);
      const dimension = clamped.get('embedding.dimension') ?? NaN;
      const context = clamped.get('embedding.contextLength') ?? NaN;

      const text = 'one two three four five six seven';
      const editor = await openText(text);
      const at = new vscode.Position(0, 9);
      const hover = await waitFor('a hover of the clamped shape', async () => {
        const shown = await hoverText(editor.document, at);
        return shown.includes(`× ${grouped(dimension)}`) && shown;
      }, () => api.settings.warnings());
      assert.match(hover, new RegExp(`word embedding 200,019 × ${grouped(dimension)}, row \\d+ · position embedding ${grouped(context)} × ${grouped(dimension)}(, row \\d+)?`), hover);
      await hoverText(editor.document, at); // read again: still said only once
      const described = await api.embeddings.describe();
      assert.deepEqual([described.shape.dimension, described.shape.contextLength], [dimension, context]);

      await vscode.commands.executeCommand('tokenLens.showPanel');
      const tokens = await waitFor('the panel\'s tokens at the clamped dimension', () => {
        const message = api.panel.lastSent('tokens');
        return message?.source?.dimension === dimension && message.total > 0 && message;
      }, () => api.panel.lastSent('tokens')?.source);
      assert.equal(tokens.tokens.length, Math.min(tokens.total, clamped.get('panel.maxTokens') ?? NaN));

      const memoryAfter = process.memoryUsage();
      const grown = memoryAfter.heapUsed + memoryAfter.arrayBuffers - memoryBefore.heapUsed - memoryBefore.arrayBuffers;
      assert.ok(grown < 256 * 1024 * 1024, `heap and array buffers grew by ${grouped(Math.round(grown / 1024 / 1024))} MB`);

      const said = api.settings.warnings().filter((message) => message.includes(` is ${absurd};`));
      for (const [key, range] of settings) {
        const id = `tokenLens.${key}`;
        const about = said.filter((message) => message.startsWith(`${id} is `));
        const outside = absurd < range.min || absurd > range.max;
        assert.equal(about.length, outside ? 1 : 0, `${id}: ${JSON.stringify(about)}`);
        if (outside) assert.match(about[0], new RegExp(`Using ${grouped(clamped.get(key) ?? NaN)}\\.$`));
      }
    });
  }

  for (const wrong of [null, 42]) {
    it(`a workspace that sets the string and boolean settings to ${wrong} counts, highlights and hovers with their defaults, and names each setting`, async () => {
      const api = await tokenLens();
      const keys = ['encoding', 'contextWindow', 'allowSpecialTokens', 'highlight.enabled', 'highlight.whitespaceMarkers'];
      try {
        for (const key of keys) await setWorkspaceSetting(key, wrong);
        const text = 'strawberry <|endoftext|> one two three';
        const editor = await openText(text);
        const count = ourEncoder('o200k_base').count(text).toLocaleString('en-US');
        await waitFor(
          "o200k_base's count against GPT-4o's window",
          () => api.statusBar.text() === `$(symbol-key) ${count} tokens` && api.statusBar.tooltip().includes('`o200k_base`') && api.statusBar.tooltip().includes('GPT-4o'),
          () => [api.statusBar.text(), api.statusBar.tooltip(), api.settings.warnings()],
        );
        assert.match(await hoverText(editor.document, new vscode.Position(0, 2)), /\*\*\d+\*\*/);
        await waitFor('highlighting on', () => api.highlighter.snapshot(editor.document)?.tokens.length === ourEncoder('o200k_base').count(text), () => api.highlighter.snapshot(editor.document));
        const said = api.settings.warnings();
        for (const key of keys) {
          assert.ok(said.some((message) => message.includes(`tokenLens.${key}: expected a `) && message.includes(`found ${JSON.stringify(wrong)}`)), `${key}: ${JSON.stringify(said)}`);
        }
      } finally {
        for (const key of keys) await setWorkspaceSetting(key, undefined);
      }
    });
  }
});
