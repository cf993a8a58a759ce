// Checks the scatter plot's canvas pixels against the points of its SVG export: every point that is
// not under a later point or a label must show its own colour at its centre. Pure, so it is unit-tested.
import type { Image } from './png';

export type Rgb = readonly [number, number, number];

export interface Circle {
  /** CSS pixels, as in the SVG. */
  readonly x: number;
  readonly y: number;
  readonly radius: number;
  readonly fill: Rgb;
}

/** The circles of an exported plot, in drawing order. */
export function svgCircles(svg: string): Circle[] {
  const circles: Circle[] = [];
  for (const match of svg.matchAll(/<circle cx="([-\d.e]+)" cy="([-\d.e]+)" r="([\d.]+)" fill="([^"]+)"/g)) {
    circles.push({ x: Number(match[1]), y: Number(match[2]), radius: Number(match[3]), fill: parseColour(match[4]) });
  }
  return circles;
}

/** `#rrggbb` or `rgb(r, g, b)` as numbers. */
export function parseColour(colour: string): Rgb {
  if (colour.startsWith('#')) {
    const value = Number.parseInt(colour.slice(1, 7), 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  }
  const [r = Number.NaN, g = Number.NaN, b = Number.NaN] = colour.match(/[\d.]+/g)?.map(Number) ?? [];
  return [r, g, b];
}

export interface ExportedPlot {
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly background: Rgb;
  /** In drawing order. */
  readonly circles: readonly Circle[];
}

/** The size, background and circles of an exported SVG plot. */
export function svgPlot(svg: string): ExportedPlot {
  const size = /<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  const background = /<rect width="100%" height="100%" fill="([^"]+)"/.exec(svg);
  if (!size || !background) throw new Error(`not an exported plot: ${svg.slice(0, 200)}`);
  return { width: Number(size[1]), height: Number(size[2]), background: parseColour(background[1]), circles: svgCircles(svg) };
}

export interface PixelCheck {
  /** Points seen in their colour: in the view, or as a marker at its edge. */
  readonly drawn: number;
  /** Their indices, in order. */
  readonly seen: readonly number[];
  /** Of those, points outside the view, marked at its edge. */
  readonly markers: number;
  /** Points under later points, other markers or label text: nothing of them to see. */
  readonly covered: number;
  /** Points that should be visible and are not. */
  readonly missing: readonly { readonly index: number; readonly x: number; readonly y: number; readonly expected: Rgb; readonly found: Rgb }[];
}

export interface PlotGeometry {
  /** Device pixels per CSS pixel. */
  readonly ratio: number;
  /** Label text colour: pixels near it may be text or its halo, which cover points. */
  readonly text: Rgb;
}

/** How the plot marks a point outside the view: smaller, translucent, at the edge (see plotDraw). */
const MARKER = { alpha: 0.55, inset: 3 };

/** `front` at `alpha` over `back`. */
export function blend(front: Rgb, back: Rgb, alpha: number): Rgb {
  const mix = (k: 0 | 1 | 2) => Math.round(front[k] * alpha + back[k] * (1 - alpha));
  return [mix(0), mix(1), mix(2)];
}

const near = (image: Image, at: number, [r, g, b]: Rgb, tolerance: number) =>
  Math.abs(image.rgba[at] - r) <= tolerance && Math.abs(image.rgba[at + 1] - g) <= tolerance && Math.abs(image.rgba[at + 2] - b) <= tolerance;

/** Pixels within `radius` (square) of a label-coloured pixel that is no point's colour. */
function textMask(image: Image, circles: readonly Circle[], text: Rgb, radius: number): Uint8Array {
  const { width, height } = image;
  const fills = [...new Map(circles.map((circle) => [circle.fill.join(), circle.fill])).values()];
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 4 * (y * width + x);
      if (!near(image, at, text, 48) || fills.some((fill) => near(image, at, fill, 3))) continue;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const mx = x + dx;
          const my = y + dy;
          if (mx >= 0 && my >= 0 && mx < width && my < height) mask[my * width + mx] = 1;
        }
      }
    }
  }
  return mask;
}

/**
 * Checks the canvas pixels against the exported plot. A point in the view is drawn opaque: the pixels
 * within one pixel of its centre that no later point reaches and no label covers must be its colour.
 * A point outside the view is marked at the edge, before the others, translucent over the background
 * (or an axis): its centre pixel must show that blend where nothing else reaches.
 */
export function checkPointsDrawn(image: Image, plot: ExportedPlot, { ratio, text }: PlotGeometry): PixelCheck {
  const { width, height } = image;
  const { circles } = plot;
  const radius = Math.max(0, ...circles.map((circle) => circle.radius));
  const reach = Math.ceil((radius + 1.5) * ratio); // half a point's square stamp: nothing of it reaches farther
  const isOutside = ({ x, y }: Circle) => x < -radius || y < -radius || x > plot.width + radius || y > plot.height + radius;
  const inset = radius + MARKER.inset;
  // The export rounds coordinates to 0.01, so a centre near a half pixel may be drawn on either side.
  // A coordinate clamped to the edge is exact (the inset), one from the export is not.
  const candidates = (value: number, low: number, high: number): number[] => {
    if (value <= low || value >= high) return [Math.round(Math.min(high, Math.max(low, value)) * ratio)];
    const below = Math.round((value - 0.01) * ratio);
    const above = Math.round((value + 0.01) * ratio);
    return below === above ? [below] : [below, above];
  };
  const spots = circles.map((circle) => {
    const edge = isOutside(circle) ? inset : -Infinity;
    return { xs: candidates(circle.x, edge, plot.width - edge), ys: candidates(circle.y, edge, plot.height - edge) };
  });
  const centres = spots.map(({ xs, ys }) => [xs[0], ys[0]] as const);
  // Drawing order: the edge markers first, then the points in the view, each in token order.
  const order = [...circles.keys()].sort((a, b) => Number(isOutside(circles[b])) - Number(isOutside(circles[a])) || a - b);
  const rank = new Int32Array(circles.length);
  order.forEach((index, k) => (rank[index] = k));
  const cell = reach + 2;
  const grid = new Map<string, number[]>();
  centres.forEach(([x, y], index) => {
    const key = `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
    grid.set(key, [...(grid.get(key) ?? []), index]);
  });
  /** Another point whose stamp reaches pixel (px, py): drawn after `index`, or at all when `any`. */
  const reached = (index: number, px: number, py: number, any: boolean): boolean => {
    for (let gx = Math.floor(px / cell) - 1; gx <= Math.floor(px / cell) + 1; gx++) {
      for (let gy = Math.floor(py / cell) - 1; gy <= Math.floor(py / cell) + 1; gy++) {
        for (const other of grid.get(`${gx},${gy}`) ?? []) {
          if (other === index || (!any && rank[other] < rank[index])) continue;
          if (Math.abs(centres[other][0] - px) <= reach + 1 && Math.abs(centres[other][1] - py) <= reach + 1) return true;
        }
      }
    }
    return false;
  };
  const mask = textMask(image, circles, text, Math.ceil(4 * ratio));
  const colourAt = (px: number, py: number): Rgb => {
    const at = 4 * (py * width + px);
    return [image.rgba[at], image.rgba[at + 1], image.rgba[at + 2]];
  };
  const seen: number[] = [];
  let markers = 0;
  let covered = 0;
  const missing: PixelCheck['missing'][number][] = [];
  circles.forEach((circle, index) => {
    const marker = isOutside(circle);
    // Pixels that are the point's core wherever its centre was rounded to: within one pixel of each candidate.
    const { xs, ys } = spots[index];
    const offsets = marker ? [[0, 0]] : [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1]];
    const core = offsets
      .map(([dx, dy]) => [xs[0] + dx, ys[0] + dy] as const)
      .filter(([px, py]) => xs.every((cx) => ys.every((cy) => Math.abs(px - cx) + Math.abs(py - cy) <= (marker ? 0 : 1))));
    const visible = core
      .filter(([px, py]) => px >= 0 && py >= 0 && px < width && py < height && !mask[py * width + px] && !reached(index, px, py, marker));
    if (visible.length === 0) return void covered++;
    // Under a marker: the background, or an axis line (then the same colour continues beside the marker).
    const beneath = (px: number, py: number): Rgb[] =>
      [plot.background, ...[[reach + 2, 0], [-reach - 2, 0], [0, reach + 2], [0, -reach - 2]].map(([dx, dy]) => colourAt(Math.min(width - 1, Math.max(0, px + dx)), Math.min(height - 1, Math.max(0, py + dy))))];
    const expectedAt = (px: number, py: number): Rgb[] =>
      marker ? beneath(px, py).map((under) => blend(circle.fill, under, MARKER.alpha)) : [circle.fill];
    const wrong = visible.find(([px, py]) => !expectedAt(px, py).some((colour) => near(image, 4 * (py * width + px), colour, 3)));
    if (!wrong) {
      seen.push(index);
      if (marker) markers++;
      return;
    }
    missing.push({ index, x: wrong[0], y: wrong[1], expected: expectedAt(wrong[0], wrong[1])[0], found: colourAt(wrong[0], wrong[1]) });
  });
  return { drawn: seen.length, seen, markers, covered, missing };
}
