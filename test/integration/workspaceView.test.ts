/** The Explorer's Token Lens view: counts of the workspace's files, folder totals, updates after an edit, export. */
import * as assert from 'node:assert/strict';
import { appendFile, stat, utimes, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, resetSettings, setSetting, tokenLens, waitFor } from './support';

const encoder = ourEncoder('o200k_base');
const describeCount = (count: number, window = 128_000) => `${count.toLocaleString('en-US')} tokens · ${((100 * count) / window).toFixed(1)}%`;

describe('Explorer view: workspace token counts', function () {
  this.timeout(60_000);
  let folder: vscode.WorkspaceFolder;
  const created: vscode.Uri[] = [];
  const write = async (path: string, text: string | Uint8Array) => {
    const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
    await vscode.workspace.fs.writeFile(uri, typeof text === 'string' ? new TextEncoder().encode(text) : text);
    created.push(uri);
    return uri;
  };

  before(async () => {
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the tests run in a workspace folder');
    folder = first;
  });

  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
    for (const uri of created.splice(0)) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
  });

  it('lists files and folders with their counts and share of the context window, leaves out ignored and binary files, and updates after an edit', async () => {
    const api = await tokenLens();
    await write('budget/.gitignore', 'ignored.txt\n');
    await write('budget/ignored.txt', 'not counted');
    await write('budget/logo.bin', new Uint8Array([0x89, 0x50, 0, 0, 1, 2]));
    const prompt = await write('budget/prompt.md', 'Summarise this in three bullet points, please.\n');
    await write('budget/deep/notes.txt', 'naïve café — 東京 🙂\n');
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const row = (path: string) => api.workspace.rows().find((candidate) => candidate.path === `${folder.name}/${path}`);
    const prompted = encoder.count('Summarise this in three bullet points, please.\n');
    const notes = encoder.count('naïve café — 東京 🙂\n');
    const gitignore = encoder.count('ignored.txt\n');
    await waitFor('counts listed', () => row('budget/prompt.md')?.description === describeCount(prompted), () => api.workspace.rows().filter((r) => r.path.includes('budget')));
    assert.equal(row('budget/deep/notes.txt')?.description, describeCount(notes));
    assert.equal(row('budget/deep')?.description, describeCount(notes));
    assert.equal(row('budget')?.description, describeCount(prompted + notes + gitignore));
    assert.equal(row('budget/ignored.txt'), undefined, 'git-ignored');
    assert.equal(row('budget/logo.bin'), undefined, 'binary');
    assert.equal(api.workspace.fileTooltip(prompt), `${prompted.toLocaleString('en-US')} tokens`);

    // An edit saved from the editor.
    const editor = await vscode.window.showTextDocument(prompt);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'Now longer: one two three four five six. '));
    await editor.document.save();
    const edited = encoder.count(editor.document.getText());
    assert.notEqual(edited, prompted);
    await waitFor('count after the edit', () => row('budget/prompt.md')?.description === describeCount(edited), () => row('budget/prompt.md'));
    assert.equal(row('budget')?.description, describeCount(edited + notes + gitignore));
  });

  it('exports the counts as CSV and as the JSON of token-lens count --json', async () => {
    const api = await tokenLens();
    await write('export/a.txt', 'alpha beta gamma');
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    await waitFor('counted', () => api.workspace.rows().some((row) => row.path === `${folder.name}/export/a.txt`));
    const csvUri = vscode.Uri.joinPath(folder.uri, 'export', 'counts.csv');
    const jsonUri = vscode.Uri.joinPath(folder.uri, 'export', 'counts.json');
    created.push(csvUri, jsonUri);
    await vscode.commands.executeCommand('tokenLens.exportWorkspaceCounts', csvUri);
    await vscode.commands.executeCommand('tokenLens.exportWorkspaceCounts', jsonUri);
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(csvUri));
    assert.match(csv, /^path,tokens\r\n/);
    assert.ok(csv.includes(`export/a.txt,${encoder.count('alpha beta gamma')}\r\n`), csv);
    const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(jsonUri))) as { encoding: string; total: number; files: { path: string; count: number }[] };
    assert.equal(json.encoding, 'o200k_base');
    assert.deepEqual(json.files.find((file) => file.path === 'export/a.txt'), { path: 'export/a.txt', count: encoder.count('alpha beta gamma') });
    assert.equal(json.total, json.files.reduce((sum, file) => sum + file.count, 0));
  });

  it('finishes a scan while a file keeps changing (a log written every 100 ms)', async () => {
    const api = await tokenLens();
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    await write('busy/first.txt', 'first');
    await waitFor('first counted', () => api.workspace.rows().some((row) => row.path === `${folder.name}/busy/first.txt`));
    const log = vscode.Uri.joinPath(folder.uri, 'busy', 'app.log');
    let lines = 0;
    let writing = Promise.resolve();
    const ticker = setInterval(() => {
      writing = writing.then(() => appendFile(log.fsPath, `line ${++lines}\n`));
    }, 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the changes are under way
      await write('busy/second.txt', 'second');
      await waitFor('a file created meanwhile counted', () => api.workspace.rows().some((row) => row.path === `${folder.name}/busy/second.txt`), () => ({ scans: api.workspace.scans(), lines }), 10_000);
    } finally {
      clearInterval(ticker);
      await writing;
      created.push(log);
    }
  });

  it('does not count again for changes inside a .git folder, and does for a change beside it', async () => {
    const api = await tokenLens();
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    await write('repo/a.txt', 'a');
    // The repository exists already (git init made its folders once): then git writes in them.
    for (const dir of ['repo/.git', 'repo/.git/objects']) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, ...dir.split('/')));
    await waitFor('counted', () => api.workspace.rows().some((row) => row.path === `${folder.name}/repo/a.txt`));
    // Settled: the scans the last test's clean-up set off are over.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const scans = api.workspace.scans();
    for (let i = 0; i < 5; i++) {
      await write(`repo/.git/objects/${i}`, `object ${i}`);
      await write('repo/.git/index', `index ${i}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(api.workspace.scans(), scans, 'no scan after writes under .git');
    await write('repo/b.txt', 'b');
    await waitFor('a change beside .git counted', () => api.workspace.rows().some((row) => row.path === `${folder.name}/repo/b.txt`), () => api.workspace.scans());
    assert.ok(api.workspace.scans() > scans);
  });

  it('counts with the new encoding after a switch in the middle of a scan, not with the old one', async () => {
    const api = await tokenLens();
    const text = '東京の天気は晴れです。これはテストの文章です。 naïve café\n';
    await write('switch/a.txt', text);
    await write('switch/b-large.txt', text.repeat(8_000)); // about half a megabyte: the scan is under way for a while
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const row = (path: string) => api.workspace.rows().find((candidate) => candidate.path === `${folder.name}/${path}`);
    await waitFor('counted', () => row('switch/a.txt')?.description === describeCount(encoder.count(text)), () => row('switch/a.txt'));
    await write('switch/c.txt', text); // a scan starts in 300 ms; the switch lands while it runs
    await new Promise((resolve) => setTimeout(resolve, 400));
    await setSetting('encoding', 'cl100k_base');
    const cl100k = ourEncoder('cl100k_base');
    assert.notEqual(cl100k.count(text.repeat(8_000)), encoder.count(text.repeat(8_000)));
    await waitFor('cl100k counts', () => row('switch/b-large.txt')?.description === describeCount(cl100k.count(text.repeat(8_000))), () => row('switch/b-large.txt'));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // any later scan keeps them
    assert.equal(row('switch/b-large.txt')?.description, describeCount(cl100k.count(text.repeat(8_000))));
    assert.equal(row('switch/c.txt')?.description, describeCount(cl100k.count(text)));
  });

  it('counts a file again after a same-size change within one tick of a coarse modification time', async () => {
    const api = await tokenLens();
    const before = 'one two three four five six seven\n';
    const after = 'a,b;c.d:e!f?g(h)i[j]k{l}m<n>o/pqr\n'; // as long, many more tokens
    assert.equal(after.length, before.length);
    const uri = await write('racy/notes.txt', before);
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const row = () => api.workspace.rows().find((candidate) => candidate.path === `${folder.name}/racy/notes.txt`);
    await waitFor('counted', () => row()?.description === describeCount(encoder.count(before)), row);
    // A file system with 1–2 s modification times (FAT, HFS+, some network shares) gives the edit the same mtime.
    const { mtime } = await stat(uri.fsPath);
    await writeFile(uri.fsPath, after);
    await utimes(uri.fsPath, mtime, mtime);
    await waitFor('counted again', () => row()?.description === describeCount(encoder.count(after)), row);
  });

  it('leaves out what files.exclude excludes', async () => {
    const api = await tokenLens();
    await write('excluded/kept.txt', 'kept');
    await write('excluded/generated/out.txt', 'generated output');
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const paths = () => api.workspace.rows().map((row) => row.path);
    await waitFor('both listed', () => paths().includes(`${folder.name}/excluded/generated/out.txt`) && paths().includes(`${folder.name}/excluded/kept.txt`), paths);
    const files = vscode.workspace.getConfiguration('files');
    await files.update('exclude', { '**/generated': true }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('excluded folder gone', () => !paths().some((path) => path.includes('excluded/generated')) && paths().includes(`${folder.name}/excluded/kept.txt`), paths);
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('sorts largest first, and by name after Sort', async () => {
    const api = await tokenLens();
    await write('sorted/a-small.txt', 'tiny');
    await write('sorted/b-large.txt', 'a much longer text with many more tokens in it than the other one');
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const inSorted = () => api.workspace.rows().filter((row) => row.path.startsWith(`${folder.name}/sorted/`)).map((row) => row.path.slice(folder.name.length + 1));
    await waitFor('largest first', () => inSorted().join() === 'sorted/b-large.txt,sorted/a-small.txt', inSorted);
    await vscode.commands.executeCommand('tokenLens.sortWorkspaceCounts');
    try {
      await waitFor('by name', () => inSorted().join() === 'sorted/a-small.txt,sorted/b-large.txt', inSorted);
    } finally {
      await vscode.commands.executeCommand('tokenLens.sortWorkspaceCounts');
    }
    await waitFor('largest first again', () => inSorted().join() === 'sorted/b-large.txt,sorted/a-small.txt', inSorted);
  });

  it('lists a file over tokenLens.workspace.maxFileSize as skipped with its size and the cap, leaves it out of the totals, and counts it once the cap is raised', async () => {
    const api = await tokenLens();
    const small = 'a short note\n';
    const big = 'many words in a long file. '.repeat(120); // 3,240 bytes
    await setSetting('workspace.maxFileSize', 2_000);
    await write('capped/small.txt', small);
    await write('capped/big.txt', big);
    await vscode.commands.executeCommand(`${'tokenLens.workspaceCounts'}.focus`);
    const row = (path: string) => api.workspace.rows().find((candidate) => candidate.path === `${folder.name}/${path}`);
    const rows = () => api.workspace.rows().filter((candidate) => candidate.path.includes('capped'));
    await waitFor('the big file listed as skipped', () => row('capped/big.txt')?.description === 'skipped: 3,240 bytes, over the 2,000-byte cap', rows);
    assert.equal(row('capped/small.txt')?.description, describeCount(encoder.count(small)));
    assert.equal(row('capped')?.description, describeCount(encoder.count(small)), 'the skipped file adds nothing to its folder');
    assert.match(row('capped/big.txt')?.tooltip ?? '', /not counted: 3,240 bytes is more than tokenLens\.workspace\.maxFileSize \(2,000 bytes\)/);

    await setSetting('workspace.maxFileSize', 10_000);
    await waitFor('the big file counted', () => row('capped/big.txt')?.description === describeCount(encoder.count(big)), rows);
    assert.equal(row('capped')?.description, describeCount(encoder.count(small) + encoder.count(big)));
  });
});
