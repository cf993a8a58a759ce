import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, tokenLens, waitFor } from './support';

/** Closes the untitled sample editors without saving (they are dirty: they were opened with content). */
async function closeSamples(): Promise<void> {
  for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document.isUntitled)) {
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await closeAllEditors();
}

describe('walkthrough: Open Sample Prompt', () => {
  afterEach(closeSamples);

  it('opens the named sample beside and runs the given Token Lens command on it', async () => {
    await tokenLens();
    const opened = await vscode.commands.executeCommand<string>('tokenLens.openSample', 'strawberry', 'tokenLens.countTokens');
    assert.equal(opened, 'strawberry');
    const editor = await waitFor('the sample editor', () => vscode.window.activeTextEditor?.document.isUntitled ? vscode.window.activeTextEditor : undefined);
    assert.equal(editor.document.languageId, 'markdown');
    assert.match(editor.document.getText(), /^strawberry\n/);
    const counted = await vscode.commands.executeCommand<{ tokens: number }>('tokenLens.countTokens');
    assert.equal(counted?.tokens, ourEncoder('o200k_base').count(editor.document.getText()));
  });

  it('refuses an unknown sample or a command that is not Token Lens’s, and opens nothing', async () => {
    await tokenLens();
    const before = vscode.workspace.textDocuments.filter((document) => document.isUntitled).length;
    assert.equal(await vscode.commands.executeCommand('tokenLens.openSample', 'no-such-sample'), undefined);
    assert.equal(await vscode.commands.executeCommand('tokenLens.openSample', 'strawberry', 'workbench.action.quit'), undefined);
    assert.equal(vscode.workspace.textDocuments.filter((document) => document.isUntitled).length, before);
  });
});
