import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { encodeSafetensors } from '../../src/core/embeddings';
import { ourEncoder } from '../support/encoders';
import { closeAllEditors, hoverText, openText, resetSettings, setSetting, tokenLens, waitFor } from './support';

describe('weights holding NaN or ±Infinity', () => {
  let temp: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'token-lens-nonfinite-'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));
  afterEach(async () => {
    await resetSettings();
    await closeAllEditors();
  });

  it('warns once naming the file and the count, leaves those rows out of the nearest tokens, and hovers them without neighbours', async function () {
    this.timeout(60_000);
    const api = await tokenLens();
    const encoder = ourEncoder('r50k_base');
    const rows = encoder.vocabularySize;
    const dimension = 8;
    const single = (text: string) => {
      const ids = encoder.encode(text);
      assert.equal(ids.length, 1, `${JSON.stringify(text)} is one token`);
      return ids[0];
    };
    const [cat, mouse, dog, horse, cow] = [' cat', ' mouse', ' dog', ' horse', ' cow'].map(single);
    const word = new Float32Array(rows * dimension);
    for (let id = 0; id < rows; id++) word[id * dimension + (id % dimension)] = 1;
    // Were their values finite, dog, horse and cow would be nearer to cat than mouse is.
    const set = (id: number, values: number[]) => word.set(values, id * dimension);
    set(cat, [5, 5, 5, 5, -5, 0, 0, 1]);
    set(mouse, [5, 5, 5, 5, -5, 0, 2, 1]);
    set(dog, [5, 5, 5, 5, -5, 0, 0, Number.NaN]);
    set(horse, [Number.POSITIVE_INFINITY, 5, 5, 5, -5, 0, 0, 1]);
    set(cow, [5, 5, 5, 5, -5, Number.NEGATIVE_INFINITY, 0, 1]);
    const file = path.join(temp, 'poisoned.safetensors');
    fs.writeFileSync(file, encodeSafetensors([{ name: 'wte.weight', shape: [rows, dimension], data: word }]));
    await setSetting('encoding', 'r50k_base');
    await setSetting('embedding.weightsPath', file);
    await setSetting('embedding.source', 'file');
    const editor = await openText('my cat and dog sleep');

    const nearest = await waitFor('nearest tokens', async () => {
      const text = await hoverText(editor.document, new vscode.Position(0, 4));
      return /Nearest tokens \(cosine similarity\)/.test(text) && text;
    });
    const line = nearest.split('\n').find((text) => text.includes('Nearest tokens')) ?? '';
    assert.match(line, /`·mouse`/, `mouse is the nearest finite row: ${line}`);
    for (const name of ['dog', 'horse', 'cow']) assert.doesNotMatch(line, new RegExp(`\`·${name}\``), `${name} holds NaN or ±Infinity: ${line}`);

    const about = () => api.embeddings.warnings().filter((message) => message.includes('poisoned.safetensors'));
    await waitFor('the warning', async () => about().length > 0, () => api.embeddings.warnings());
    assert.deepEqual(about(), ['poisoned.safetensors: 3 of 50,257 word rows hold NaN or ±Infinity; they are left out of the nearest tokens.']);

    // The poisoned token's own hover shows its vector, NaN and all, and no neighbours.
    const own = await hoverText(editor.document, new vscode.Position(0, 12));
    assert.match(own, /word +\[\+5\.0000, \+5\.0000, \+5\.0000, …\] ‖NaN‖/, own);
    assert.match(own, /Nearest tokens: none, this token’s word vector holds NaN or ±Infinity\./, own);
    assert.doesNotMatch(own, /Nearest tokens unavailable/, own);
    await hoverText(editor.document, new vscode.Position(0, 4));
    assert.equal(about().length, 1, 'said once, however often the hover asks');
  });
});
