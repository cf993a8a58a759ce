/** The webview's pure parts, run in Node: camera math, label placement, formatting. */
import * as assert from 'node:assert/strict';
import { NumberFormats, fill, shortLabel } from '../../../src/webview/format';
import { placeLabels } from '../../../src/webview/labels';
import { HOME, MAX_ZOOM, fitCamera, panBy, pixelsPerUnit, toLayout, toScreen, validCamera, zoomAt } from '../../../src/webview/viewport';

const size = { width: 800, height: 400 };
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

describe('webview: camera', () => {
  it('maps the layout origin to the centre and back', () => {
    assert.deepEqual(toScreen(HOME, size, 0, 0), [400, 200]);
    const [x, y] = toLayout(HOME, size, ...toScreen(HOME, size, 0.3, -0.7));
    close(x, 0.3, 'x');
    close(y, -0.7, 'y');
    const [, up] = toScreen(HOME, size, 0, 1);
    assert.ok(up < 200, 'layout y grows upwards on screen');
  });

  it('zooms around the pointer: the layout point under it stays put', () => {
    const under = toLayout(HOME, size, 600, 100);
    const zoomed = zoomAt(HOME, size, 3, 600, 100);
    assert.equal(zoomed.zoom, 3);
    const [sx, sy] = toScreen(zoomed, size, ...under);
    close(sx, 600, 'screen x');
    close(sy, 100, 'screen y');
    assert.equal(zoomAt({ ...HOME, zoom: MAX_ZOOM }, size, 10).zoom, MAX_ZOOM, 'zoom is clamped');
  });

  it('pans with the pointer', () => {
    const moved = panBy(HOME, size, 50, -20);
    const [sx, sy] = toScreen(moved, size, 0, 0);
    close(sx, 450, 'x');
    close(sy, 180, 'y');
  });

  it('restores only sane saved cameras', () => {
    assert.deepEqual(validCamera({ zoom: 2, x: 0.1, y: -0.2 }), { zoom: 2, x: 0.1, y: -0.2 });
    for (const bad of [null, 'x', { zoom: 0, x: 0, y: 0 }, { zoom: 2, x: Number.NaN, y: 0 }, { zoom: 2, x: 1e9, y: 0 }, { zoom: '2', x: 0, y: 0 }]) {
      assert.equal(validCamera(bad), HOME, JSON.stringify(bad));
    }
  });

  it('fits a spread-out layout whole, and a dense cloud with a few far points by its cloud', () => {
    const spread = [1, 1, -1, -1, ...Array.from({ length: 200 }, (_, i) => Math.cos(i * 1.3))]; // as layouts come: reaching ±1
    assert.equal(fitCamera(spread, size), HOME);
    // 95 points within ±0.05 around (0.2, 0.1), five far away: the view frames the cloud.
    const cloud: number[] = [];
    for (let i = 0; i < 95; i++) cloud.push(0.2 + 0.05 * Math.sin(i * 2.1), 0.1 + 0.05 * Math.cos(i * 1.7));
    for (let i = 0; i < 5; i++) cloud.push(i % 2 ? 1 : -1, i % 3 ? 1 : -1);
    const fitted = fitCamera(cloud, size);
    assert.ok(fitted.zoom > 4, `zoom ${fitted.zoom}`);
    close(Math.round(fitted.x * 10) / 10, 0.2, 'centre x');
    const [left] = toScreen(fitted, size, 0.15, 0);
    const [right] = toScreen(fitted, size, 0.25, 0);
    assert.ok(left > 0 && right < size.width, 'the cloud is on screen');
    assert.ok(pixelsPerUnit(fitted, size) * 0.1 > 50, 'and no longer a dot');
    assert.equal(fitCamera([], size), HOME);
  });
});

describe('webview: labels', () => {
  const label = (x: number, y: number, width = 40) => ({ x, y, width, height: 12 });

  it('places labels right of their point, else left, else not at all', () => {
    const placements = placeLabels([label(100, 100), label(100, 100), label(100, 100)], 400, 200);
    assert.equal(placements[0], 105);
    assert.equal(placements[1], 55, 'the second goes left');
    assert.equal(placements[2], undefined, 'the third overlaps both');
  });

  it('keeps labels inside the canvas and under the limit', () => {
    assert.deepEqual(placeLabels([label(380, 100)], 400, 200), [335], 'flipped left at the right edge');
    assert.deepEqual(placeLabels([label(10, 2)], 400, 200), [undefined], 'would leave the top');
    const many = Array.from({ length: 100 }, (_, i) => label((i % 10) * 80, Math.floor(i / 10) * 20 + 10, 20));
    assert.equal(placeLabels(many, 800, 200, 4, 7).filter((left) => left !== undefined).length, 7);
  });

  it('places some of 10,000 crowded labels without overlaps', () => {
    const requests = Array.from({ length: 10_000 }, (_, i) => label((i * 7919) % 1200, (i * 104729) % 800, 30));
    const placements = placeLabels(requests, 1200, 800);
    const placed = placements.flatMap((left, i) => {
      const { y, width, height } = requests[i];
      return left === undefined ? [] : [{ left, top: y - height / 2, right: left + width, bottom: y + height / 2 }];
    });
    assert.ok(placed.length > 50, `${placed.length} labels placed`);
    for (let a = 0; a < placed.length; a++) {
      for (let b = a + 1; b < placed.length; b++) {
        const overlap = placed[a].left < placed[b].right && placed[b].left < placed[a].right && placed[a].top < placed[b].bottom && placed[b].top < placed[a].bottom;
        assert.ok(!overlap, `labels ${a} and ${b} overlap`);
      }
    }
  });
});

describe('webview: formatting', () => {
  it('fills templates and leaves unknown markers', () => {
    assert.equal(fill('{0} of {1} tokens', 5, '1,000'), '5 of 1,000 tokens');
    assert.equal(fill('{0} and {2}', 'a'), 'a and {2}');
  });

  it('formats numbers in the UI language, falling back to English', () => {
    assert.equal(new NumberFormats('en').int(38597376), '38,597,376');
    assert.equal(new NumberFormats('de').int(38597376), '38.597.376');
    assert.equal(new NumberFormats('no-such-language-tag-!!').int(1000), '1,000');
    assert.equal(new NumberFormats('en').pct(0.0312), '3.1%');
  });

  it('shortens labels by whole characters', () => {
    assert.equal(shortLabel('short'), 'short');
    assert.equal(shortLabel('abcdefghijklmnopqrstuvwxyz', 5), 'abcd…');
    assert.ok(!shortLabel('😀'.repeat(20), 4).includes('\uFFFD'));
    assert.equal(Array.from(shortLabel('😀'.repeat(20), 4)).length, 4);
  });
});
