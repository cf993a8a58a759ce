import * as assert from 'node:assert/strict';
import { escapeTsvField, projectorTsv } from '../../../src/core/embeddings';

describe('Embedding Projector export', () => {
  it('writes one vector line and one metadata line per point, in order', () => {
    const files = projectorTsv([
      { label: ' the', id: 262, vector: new Float32Array([0.02, -1.5, 3]) },
      { label: 'A', id: 32, vector: [1, 2, 3] },
    ]);
    assert.equal(files.vectors, '0.02\t-1.5\t3\n1\t2\t3\n');
    assert.equal(files.metadata, 'token\tid\n the\t262\nA\t32\n');
  });

  it('escapes tabs, newlines, carriage returns, backslashes and control characters in token text', () => {
    assert.equal(escapeTsvField('a\tb'), 'a\\tb');
    assert.equal(escapeTsvField('\n'), '\\n');
    assert.equal(escapeTsvField('\r\n'), '\\r\\n');
    assert.equal(escapeTsvField('C:\\path'), 'C:\\\\path');
    assert.equal(escapeTsvField('\u0000\u001b\u007f'), '\\u0000\\u001b\\u007f');
    assert.equal(escapeTsvField(''), '""');
    assert.equal(escapeTsvField('héllo ✓'), 'héllo ✓');
  });

  it('keeps every metadata line at two columns whatever the token text', () => {
    const labels = ['\t', '\n\n', 'x\ty\nz', '', '\\t'];
    const { metadata } = projectorTsv(labels.map((label, id) => ({ label, id, vector: [id] })));
    const lines = metadata.trimEnd().split('\n');
    assert.equal(lines.length, labels.length + 1);
    for (const line of lines) assert.equal(line.split('\t').length, 2, JSON.stringify(line));
  });

  it('refuses vectors of different lengths', () => {
    assert.throws(
      () => projectorTsv([{ label: 'a', id: 0, vector: [1, 2] }, { label: 'b', id: 1, vector: [1] }]),
      /expected every vector to have 2 dimensions, found 1 for id 1/,
    );
  });
});
