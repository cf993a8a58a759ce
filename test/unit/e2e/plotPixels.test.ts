import * as assert from 'node:assert/strict';
import { type Circle, type ExportedPlot, type Rgb, blend, checkPointsDrawn, svgPlot } from '../../e2e/plotPixels';
import type { Image } from '../../e2e/png';

const background: Rgb = [30, 30, 30];
const text: Rgb = [204, 204, 204];
const geometry = { ratio: 1, text };
const red: Rgb = [200, 40, 40];
const blue: Rgb = [40, 40, 200];

/** A picture of `plot` drawn the plot's way: 5 × 5 squares, edge markers (given where) first, except `skip`. */
function picture(plot: ExportedPlot, skip: ReadonlySet<number> = new Set(), markers: ReadonlyMap<number, readonly [number, number]> = new Map()): Image & { rgba: Uint8Array } {
  const { width, height } = plot;
  const rgba = new Uint8Array(width * height * 4);
  const paint = (x: number, y: number, [r, g, b]: Rgb) => rgba.set([r, g, b, 255], 4 * (y * width + x));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) paint(x, y, background);
  markers.forEach(([x, y], index) => skip.has(index) || paint(x, y, blend(plot.circles[index].fill, background, 0.55)));
  plot.circles.forEach((circle, index) => {
    if (skip.has(index) || markers.has(index)) return;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) paint(Math.round(circle.x) + dx, Math.round(circle.y) + dy, circle.fill);
  });
  return { width, height, rgba };
}

const plotOf = (circles: Circle[]): ExportedPlot => ({ width: 64, height: 40, background, circles });

describe('checking drawn points in canvas pixels (e2e support)', () => {
  const apart = plotOf([
    { x: 10, y: 10, radius: 2.5, fill: red },
    { x: 30, y: 10, radius: 2.5, fill: blue },
    { x: 50.4, y: 30.2, radius: 2.5, fill: red },
  ]);

  it('reads the size, background and circles of an exported SVG', () => {
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40.5" viewBox="0 0 64 40.5">',
      '<rect width="100%" height="100%" fill="rgb(30, 30, 30)"/>',
      '<circle cx="10" cy="10.5" r="2.5" fill="rgb(200, 40, 40)" stroke="#000"/>',
      '<circle cx="-3" cy="4" r="4" fill="#2828c8" stroke="#000"/>',
    ].join('\n');
    assert.deepEqual(svgPlot(svg), {
      width: 64,
      height: 40.5,
      background,
      circles: [
        { x: 10, y: 10.5, radius: 2.5, fill: red },
        { x: -3, y: 4, radius: 4, fill: blue },
      ],
    });
  });

  it('sees every point that is drawn', () => {
    assert.deepEqual(checkPointsDrawn(picture(apart), apart, geometry), { drawn: 3, seen: [0, 1, 2], markers: 0, covered: 0, missing: [] });
  });

  it('names a point that is not drawn', () => {
    const check = checkPointsDrawn(picture(apart, new Set([1])), apart, geometry);
    assert.equal(check.drawn, 2);
    assert.deepEqual(check.missing.map(({ index, found }) => ({ index, found })), [{ index: 1, found: background }]);
  });

  it('does not blame a point hidden under a later one, but does blame the later one if it is missing', () => {
    const stacked = plotOf([apart.circles[0], { x: 11, y: 10, radius: 2.5, fill: blue }]);
    assert.deepEqual(checkPointsDrawn(picture(stacked), stacked, geometry), { drawn: 1, seen: [1], markers: 0, covered: 1, missing: [] });
    assert.equal(checkPointsDrawn(picture(stacked, new Set([1])), stacked, geometry).missing[0]?.index, 1);
  });

  it('does not blame a point under label text', () => {
    const image = picture(apart, new Set([2]));
    image.rgba.set([...text, 255], 4 * (30 * 64 + 47)); // a letter's pixel just left of the third point
    assert.deepEqual(checkPointsDrawn(image, apart, geometry), { drawn: 2, seen: [0, 1], markers: 0, covered: 1, missing: [] });
  });

  it('expects a point outside the view as a translucent marker at the edge', () => {
    const outside = plotOf([...apart.circles, { x: 90, y: 20, radius: 2.5, fill: blue }]);
    const edge = new Map([[3, [64 - 5.5, 20].map(Math.round) as [number, number]]]);
    assert.deepEqual(checkPointsDrawn(picture(outside, new Set(), edge), outside, geometry), { drawn: 4, seen: [0, 1, 2, 3], markers: 1, covered: 0, missing: [] });
    assert.deepEqual(checkPointsDrawn(picture(outside, new Set([3]), edge), outside, geometry).missing.map(({ index }) => index), [3]);
  });
});
