/** The status bar against the chosen model's limits: theme colours past the budget shares, cost with the price's date. */
import * as assert from 'node:assert/strict';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

const text = 'Budget: how much of the window does this prompt take? 你好，世界！\n'.repeat(30);

describe('status bar: limits and costs', () => {
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('thresholds change the status bar colour: none below the warning share, warning, then error', async () => {
    const api = await tokenLens();
    await setSetting('contextWindow', 'gpt-2');
    await openText(text);
    const share = ourEncoder('o200k_base').count(text) / 1024;
    const expectColour = async (warning: number, error: number, colour: string | undefined) => {
      await setSetting('budget.warning', warning);
      await setSetting('budget.error', error);
      await waitFor(`background ${colour} for shares ${warning}/${error}`, () => api.statusBar.visible() && api.statusBar.background() === colour, () => api.statusBar.background());
    };
    await expectColour(share * 1.5, share * 2, undefined);
    await expectColour(share / 2, share * 2, 'statusBarItem.warningBackground');
    await expectColour(share / 2, share * 0.9, 'statusBarItem.errorBackground');
    await expectColour(share * 1.5, share * 2, undefined);
    assert.match(api.statusBar.tooltip(), /GPT-2 context window: .* of 1,024 tokens/);
  });

  it("the tooltip gives the estimated input cost at the model's price, with the price's date", async () => {
    const api = await tokenLens();
    await setSetting('contextWindow', 'gpt-4o');
    await setSetting('models', { 'gpt-4o': { inputPerMillion: 1_000_000, outputPerMillion: 1, priceDate: '2026-11-30' } });
    await openText(text);
    const tokens = ourEncoder('o200k_base').count(text);
    // At $1,000,000 per million tokens, each token costs a dollar.
    await waitFor(
      'cost in the tooltip',
      () => api.statusBar.tooltip().includes(`$${tokens.toLocaleString('en-US')}.00`) && api.statusBar.tooltip().includes('2026-11-30'),
      () => api.statusBar.tooltip(),
    );
  });

  it('a model without a price says so; a bad model entry is said once and changes nothing', async () => {
    const api = await tokenLens();
    await setSetting('contextWindow', 'gpt-2');
    await setSetting('models', { 'gpt-2': { contextWindow: 'big' } });
    await openText(text);
    await waitFor('no price', () => /No price for GPT-2/.test(api.statusBar.tooltip()), () => api.statusBar.tooltip());
    assert.match(api.statusBar.tooltip(), /of 1,024 tokens/);
    await waitFor('warning said', () => api.settings.warnings().some((line) => line.includes('tokenLens.models["gpt-2"].contextWindow: expected a whole number of tokens above 0, found "big"')), () => api.settings.warnings());
  });

  it('a share out of range is said once, naming the setting, and changes nothing', async () => {
    const api = await tokenLens();
    await setSetting('budget.warning', 20);
    await openText(text);
    await waitFor(
      'warning said',
      () => api.settings.warnings().some((line) => line.includes('tokenLens.budget.warning: expected a share of the context window above 0 (0.8 is 80%), found 20')),
      () => api.settings.warnings(),
    );
    assert.equal(api.statusBar.background(), undefined);
  });
});
