import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'token-lens.token-lens';

describe('extension smoke test', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers tokenLens.toggleHighlighting', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('tokenLens.toggleHighlighting'), 'command tokenLens.toggleHighlighting is not registered');
  });
});
