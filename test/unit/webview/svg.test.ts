import * as assert from 'node:assert/strict';
import { escapeXml, plotSvg, safeColour } from '../../../src/webview/svg';

const hostile = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', '"><svg onload=alert(3)>', "' onmouseover='x", '&amp;', '\u202Eevil', '\u0000\u0008\uFFFE', '\uD800'];

describe('webview: SVG export', () => {
  it('escapes markup and drops characters XML forbids', () => {
    assert.equal(escapeXml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    assert.equal(escapeXml('a\u0000b\u0008c\uFFFEd\uD800e'), 'abcde');
    assert.equal(escapeXml('tab\there, 😀, \u202E'), 'tab\there, 😀, \u202E');
  });

  it('lets only plain colour values through', () => {
    assert.equal(safeColour('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
    assert.equal(safeColour('#8A5A2B80'), '#8A5A2B80');
    assert.equal(safeColour('red" onload="alert(1)'), '#000000');
    assert.equal(safeColour('url(javascript:alert(1))'), '#000000');
  });

  it('builds a well-formed document in which hostile labels stay text', () => {
    const svg = plotSvg({
      width: 400,
      height: 300,
      background: 'rgb(30, 30, 30)',
      foreground: 'rgb(200, 200, 200)',
      fontFamily: '"Fira Code", monospace',
      title: 'hostile.md <b>',
      subtitle: 'Input · PCA',
      radius: 4,
      points: hostile.map((label, i) => ({ x: 10 + i * 40, y: 100, fill: 'rgb(1, 2, 3)', stroke: '#000', labelX: i % 2 ? undefined : 20 + i * 40, label, emphasised: i === 0 })),
    });
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    assert.equal((svg.match(/<circle /g) ?? []).length, hostile.length);
    assert.equal((svg.match(/<text /g) ?? []).length, 2 + hostile.filter((_, i) => i % 2 === 0).length);
    // No element or attribute other than the ones the builder writes.
    const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((match) => match[1]));
    assert.deepEqual([...tags].sort(), ['circle', 'g', 'rect', 'svg', 'text']);
    assert.doesNotMatch(svg, /<script|<img|<b>|"><svg/);
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(svg.includes('font-family="&quot;Fira Code&quot;, monospace"'));
    assert.ok(!svg.includes('\u0000') && !svg.includes('\uD800'));
  });
});
