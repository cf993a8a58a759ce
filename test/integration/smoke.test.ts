import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { projectRoot } from '../support/encoders';

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

  it('runs the extension installed from the .vsix, not the source tree', function () {
    // scripts/vscode-tests.mjs installs `npm run package`'s .vsix; desktop runs (TOKEN_LENS_VSCODE=electron) load the folder.
    if (process.env.TOKEN_LENS_INSTALLED_FROM !== 'vsix') this.skip();
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
    const installed = fs.realpathSync(extension.extensionPath);
    assert.notEqual(installed, fs.realpathSync(projectRoot), 'the extension runs from the source tree');
    const shipped = fs.readdirSync(installed).sort();
    assert.ok(!shipped.includes('src') && !shipped.includes('node_modules') && !shipped.includes('test'), `the installed folder holds ${shipped.join(', ')}`);
    const bundle = fs.readFileSync(path.join(installed, 'dist', 'extension.js'), 'utf8');
    assert.ok(!bundle.includes('sourceMappingURL'), 'the installed bundle is the production build (no source map)');
  });
});
