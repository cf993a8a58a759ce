/**
 * Budgets with an open model: its own context window (config.json) in the status bar, Count Tokens,
 * Compare Tokenizers and the Explorer view, labelled with the model and without an API price; the
 * `auto` initial weights and the dimming take the same window; with no usable config, the
 * `tokenLens.contextWindow` model stands in and the tooltip says why.
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { HfTokenizer } from '../../src/core/hf';
import { ourEncoder, projectRoot } from '../support/encoders';
import { hoverText, modelFolderPerTest, openText, setSetting, tokenLens, waitFor } from './support';

const text = 'How much of the window does this prompt take? 你好，世界！ naïve café\n'.repeat(40);
const fixture = (file: string) => join(projectRoot, 'node_modules', '@lenml', 'tokenizer-llama3', 'models', file);
const format = (value: number) => value.toLocaleString('en-US');

interface Counted {
  readonly tokens: number;
  readonly contextWindow: { readonly model: string; readonly tokens: number; readonly note?: string };
}

/** `text` as a file of the workspace while `check` runs with its path as the Explorer view names it. */
async function inWorkspace(text: string, check: (path: string) => Promise<void>): Promise<void> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  assert.ok(workspace, 'the tests run in a workspace folder');
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace.uri, 'model-window', 'prompt.md'), new TextEncoder().encode(text));
  try {
    await vscode.commands.executeCommand('tokenLens.workspaceCounts.focus');
    await check(`${workspace.name}/model-window/prompt.md`);
  } finally {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspace.uri, 'model-window'), { recursive: true, useTrash: false });
  }
}

describe('budgets with an open model', function () {
  this.timeout(60_000);
  const modelFolder = modelFolderPerTest();
  const llamaTokenizer = async () => HfTokenizer.fromJson(new Uint8Array(await vscode.workspace.fs.readFile(vscode.Uri.file(fixture('tokenizer.json')))), 'llama3');
  const llamaCount = async () => (await llamaTokenizer()).count(text);

  it("a model folder's config.json sets the window of the status bar, Count Tokens, Compare Tokenizers and the Explorer view, with no price", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ architectures: ['LlamaForCausalLM'], max_position_embeddings: 4096 }));
    const count = await llamaCount();
    await openText(text);
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    assert.equal(name, folder.split(/[\\/]/).pop());
    const share = ((100 * count) / 4096).toFixed(1);
    await waitFor(
      `the status bar measured against ${name}'s 4,096 tokens`,
      () => api.statusBar.tooltip().includes(`${name} context window: ${format(count)} of 4,096 tokens (${share}%)`),
      () => api.statusBar.tooltip(),
    );
    const tooltip = api.statusBar.tooltip();
    assert.match(tooltip, new RegExp(`No input cost: ${name} is an open model, with no API price\\.`));
    assert.doesNotMatch(tooltip, /GPT-4o|Estimated input cost|is unknown/);
    assert.ok(
      api.log.entries().some((entry) => entry.message === `${name}: context window of 4,096 tokens (config.json max_position_embeddings)`),
      'the log says where the window was read',
    );

    const counted = await vscode.commands.executeCommand<Counted>('tokenLens.countTokens');
    assert.deepEqual([counted.tokens, counted.contextWindow], [count, { model: name, tokens: 4096 }]);

    // Each column against its own tokenizer's window: the encoding keeps the configured model's.
    const compared = await vscode.commands.executeCommand<Counted[]>('tokenLens.compareTokenizers', ['o200k_base', folder]);
    assert.deepEqual(
      compared.map((column) => column.contextWindow),
      [
        { model: 'GPT-4o', tokens: 128_000 },
        { model: name, tokens: 4096 },
      ],
    );

    await inWorkspace(text, async (path) => {
      const row = () => api.workspace.rows().find((candidate) => candidate.path === path);
      await waitFor(`the Explorer view's share of ${name}'s window`, () => row()?.description === `${format(count)} tokens · ${share}%`, () => row());
      assert.match(row()?.tooltip ?? '', new RegExp(`${share}% of the ${name} context window \\(4,096 tokens\\)`));
    });
  });

  it('a model folder named with Markdown characters shows in the status bar tooltip as it is', async () => {
    const folder = join(modelFolder(), 'my*model_[1]');
    mkdirSync(folder);
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ max_position_embeddings: 4096 }));
    const count = await llamaCount();
    await openText(text);
    assert.equal(await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder }), 'my*model_[1]');
    // Escaped, the name is text in the rendered tooltip: not emphasis, not a link.
    const shown = 'my\\*model\\_\\[1\\]';
    await waitFor('the window line with the name escaped', () => api.statusBar.tooltip().includes(`${shown} context window: ${format(count)} of 4,096 tokens`), () => api.statusBar.tooltip());
    assert.ok(api.statusBar.tooltip().includes(`No input cost: ${shown} is an open model, with no API price.`), api.statusBar.tooltip());
  });

  it("a model without weights: auto initial weights take its own window, and the tokens past it are dimmed and said so in the hover", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    writeFileSync(join(folder, 'config.json'), JSON.stringify({ max_position_embeddings: 8 }));
    // Not GPT-4.1's 1,047,576 tokens: the configured model stands in only when the open model's window is unknown.
    await setSetting('contextWindow', 'gpt-4.1');
    const short = 'one two three four five six seven eight nine ten eleven twelve';
    const editor = await openText(short);
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    const described = await waitFor(`initial weights sized to ${name}'s 8 tokens`, async () => {
      const current = await api.embeddings.describe();
      return current.shape.contextLength === 8 && current;
    }, async () => (await api.embeddings.describe()).label);
    assert.ok(described.label.endsWith(`d = 768, context 8 (${name})`), described.label);
    const count = (await llamaTokenizer()).count(short);
    const snapshot = await waitFor('the tokens past 8 dimmed', () => {
      const current = api.highlighter.snapshot(editor.document);
      return current?.outsideContext === count - 8 && current;
    }, () => api.highlighter.snapshot(editor.document));
    assert.equal(snapshot.outsideContext, count - 8);
    const hover = await hoverText(editor.document, editor.document.positionAt(short.length - 2));
    assert.match(hover, new RegExp(`outside ${name}’s 8-token context: there is no position vector`));
  });

  it("without a usable window (no config.json, Llama 3's model_max_length of 1e30), the configured model stands in and each view says why, naming the setting as its text allows; still no price", async () => {
    const folder = modelFolder();
    const api = await tokenLens();
    copyFileSync(fixture('tokenizer.json'), join(folder, 'tokenizer.json'));
    copyFileSync(fixture('tokenizer_config.json'), join(folder, 'tokenizer_config.json'));
    await setSetting('contextWindow', 'gpt-4.1');
    const count = await llamaCount();
    await openText(text);
    const name = await vscode.commands.executeCommand<string>('tokenLens.selectTokenizer', { folder });
    const why = 'no config.json; tokenizer_config.json: model_max_length: expected a whole number of tokens from 1 to 16,777,216, found 1e+30';
    const note = `The context window of ${name} is unknown (${why}): measured against GPT-4.1's`;
    // The status bar's tooltip is Markdown: the reason's underscores escaped to show as they are, and the setting a link that opens it, the one command that may run.
    const markdownNote = note.replaceAll('tokenizer_config', 'tokenizer\\_config').replace('model_max_length', 'model\\_max\\_length');
    const link = '[`tokenLens.contextWindow`](command:workbench.action.openSettings?%5B%22tokenLens.contextWindow%22%5D)';
    await waitFor('the stand-in said in the tooltip', () => api.statusBar.tooltip().includes(`${markdownNote} (${link}).`), () => api.statusBar.tooltip());
    assert.deepEqual(api.statusBar.tooltipCommands(), ['workbench.action.openSettings']);
    const tooltip = api.statusBar.tooltip();
    assert.match(tooltip, new RegExp(`GPT-4\\.1 context window: ${format(count)} of 1,047,576 tokens`));
    assert.match(tooltip, /No input cost: .* is an open model, with no API price\./);
    assert.doesNotMatch(tooltip, /Estimated input cost/);
    // Everywhere else the text is shown as it is: the bare setting id, no backticks.
    const plain = `${note} (tokenLens.contextWindow).`;
    assert.ok(api.log.entries().some((entry) => entry.message === `${name}: context window unknown (${why}); budgets use the model of tokenLens.contextWindow`), 'the log line');
    const counted = await vscode.commands.executeCommand<Counted>('tokenLens.countTokens');
    assert.deepEqual(counted.contextWindow, { model: 'GPT-4.1', tokens: 1_047_576, note: plain });
    const compared = await vscode.commands.executeCommand<Counted[]>('tokenLens.compareTokenizers', ['o200k_base', folder]);
    assert.deepEqual(compared.map((column) => column.contextWindow), [{ model: 'GPT-4.1', tokens: 1_047_576 }, { model: 'GPT-4.1', tokens: 1_047_576, note: plain }]);
    await inWorkspace(text, async (path) => {
      const row = () => api.workspace.rows().find((candidate) => candidate.path === path);
      await waitFor("the Explorer view's tooltip with the stand-in", () => row()?.tooltip?.endsWith(`\n${plain}`), () => row());
    });
    // An OpenAI encoding is measured against the configured model as before, price and all.
    await vscode.commands.executeCommand('tokenLens.selectTokenizer', 'o200k_base');
    const o200k = ourEncoder('o200k_base').count(text);
    await waitFor('o200k against GPT-4.1 with its price', () => api.statusBar.tooltip().includes(`GPT-4.1 context window: ${format(o200k)} of 1,047,576 tokens`) && api.statusBar.tooltip().includes('Estimated input cost'), () => api.statusBar.tooltip());
    assert.doesNotMatch(api.statusBar.tooltip(), /is unknown|open model/);
  });
});
