import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

describe('panel: projection memory budget', function () {
  this.timeout(90_000);

  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('refuses a projection over the rows × d budget with a message naming tokens, d and the budget', async () => {
    const api = await tokenLens();
    // 2,049 tokens × d = 65,536 is just over the 2²⁷-value budget; 2,048 would fit.
    await setSetting('embedding.dimension', 65_536);
    await setSetting('panel.maxTokens', 5_000);
    await openText(' a'.repeat(2_049));
    await vscode.commands.executeCommand('tokenLens.showPanel');
    const failed = await waitFor(
      'the projection to be refused',
      () => {
        const tokens = api.panel.lastSent('tokens');
        const message = api.panel.lastSent('projectionFailed');
        return tokens?.total === 2_049 && message?.generation === tokens.generation && message;
      },
      () => ({ tokens: api.panel.lastSent('tokens')?.total, failed: api.panel.lastSent('projectionFailed'), projection: api.panel.lastSent('projection')?.generation }),
    );
    assert.equal(failed.cancelled, false);
    assert.match(failed.message, /^2,049 tokens × 65,536 dimensions are more than a projection may hold \(134,217,728 values, 512 MiB\)/);
  });
});
