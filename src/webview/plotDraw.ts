/** Draws the scatter plot on a 2D canvas: for the screen and for PNG export. One path per colour, so 10,000 points stay cheap. */
import type { PanelToken } from '../protocol';
import { shortLabel } from './format';
import { type Placement, placeLabels } from './labels';
import { blendLine, blendStamp, circleStamp, fillPixels } from './raster';
import type { PlotTheme } from './theme';
import { type Camera, type Size, toScreen } from './viewport';

export interface PlotFrame {
  readonly size: Size;
  readonly pixelRatio: number;
  readonly camera: Camera;
  /** Layout coordinates, x and y per token; undefined while there is no projection. */
  readonly points: Float32Array | undefined;
  readonly tokens: readonly PanelToken[];
  /** Token positions in `tokens` that the editor's selection covers (or its cursors are in). */
  readonly highlighted: ReadonlySet<number>;
  /** The highlight is only cursors: ring those points, dim nothing. */
  readonly cursor: boolean;
  readonly active: number | undefined;
  readonly hover: number | undefined;
  readonly theme: PlotTheme;
  /** Drawn at the top left (exports only). */
  readonly caption?: { readonly title: string; readonly subtitle: string };
  /** The view is being dragged, zoomed or animated: labels wait until it rests. */
  readonly moving?: boolean;
}

export interface DrawnPlot {
  /** Screen coordinates of each point (CSS pixels), for hit testing and export. */
  readonly screen: Float32Array;
  readonly labels: readonly Placement[];
  readonly radius: number;
}

const widths = new Map<string, number>();
/** Room the export caption takes at the top: a title and two lines. */
export const CAPTION_HEIGHT = 72;
export function pointRadius(count: number): number {
  return count > 4000 ? 2.5 : count > 800 ? 3.5 : 5;
}

export function labelFont(theme: PlotTheme): string {
  return `${Math.max(10, theme.fontSize - 1)}px ${theme.fontFamily}`;
}

/** Screen positions and label placements for a frame (also used to build the SVG export). */
export function layoutFrame(frame: PlotFrame, measure: (text: string) => number): DrawnPlot {
  const count = frame.points ? Math.min(frame.tokens.length, frame.points.length / 2) : 0;
  const screen = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const [x, y] = toScreen(frame.camera, frame.size, frame.points?.[2 * i] ?? 0, frame.points?.[2 * i + 1] ?? 0);
    screen[2 * i] = x;
    screen[2 * i + 1] = y;
  }
  if (frame.moving) return { screen, labels: new Array<Placement>(count).fill(undefined), radius: pointRadius(count) };
  // Labels of the active, hovered and highlighted tokens first, then in reading order.
  const order: number[] = [];
  const seen = new Set<number>();
  const add = (i: number | undefined) => {
    if (i !== undefined && i < count && !seen.has(i)) (seen.add(i), order.push(i));
  };
  add(frame.active);
  add(frame.hover);
  frame.highlighted.forEach(add);
  for (let i = 0; i < count; i++) add(i);
  const height = Math.max(10, frame.theme.fontSize) + 2;
  const font = labelFont(frame.theme);
  const requests = order.map((i) => {
    const text = shortLabel(frame.tokens[i].text);
    const key = `${font}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = measure(text);
      if (widths.size > 20_000) widths.clear();
      widths.set(key, width);
    }
    return { x: screen[2 * i], y: screen[2 * i + 1], width, height };
  });
  const top = frame.caption ? CAPTION_HEIGHT : 0;
  // Equal tokens on one spot (word vectors of a repeated token) get one label.
  const spots = new Set<string>();
  const unique = order.map((i) => {
    const spot = `${Math.round(screen[2 * i] / 3)},${Math.round(screen[2 * i + 1] / 3)},${frame.tokens[i].text}`;
    const first = !spots.has(spot);
    spots.add(spot);
    return first;
  });
  const placed = placeLabels(
    requests.map((r, k) => (unique[k] ? { ...r, y: r.y - top } : { ...r, y: -1e6 })),
    frame.size.width,
    frame.size.height - top,
  );
  const labels: Placement[] = new Array(count).fill(undefined);
  order.forEach((i, k) => (labels[i] = placed[k]));
  return { screen, labels, radius: pointRadius(count) };
}

const images = new WeakMap<CanvasRenderingContext2D, ImageData>();

/** The context's pixels to draw into, reused from frame to frame while the size stays. */
function pixelsOf(context: CanvasRenderingContext2D): ImageData {
  const { width, height } = context.canvas;
  let image = images.get(context);
  if (!image || image.width !== width || image.height !== height) {
    image = context.createImageData(Math.max(1, width), Math.max(1, height));
    images.set(context, image);
  }
  return image;
}

function ring(context: CanvasRenderingContext2D, frame: PlotFrame, drawn: DrawnPlot, index: number | undefined, width: number): void {
  if (index === undefined || 2 * index >= drawn.screen.length) return;
  context.strokeStyle = frame.theme.focus;
  context.lineWidth = width;
  context.beginPath();
  context.arc(drawn.screen[2 * index], drawn.screen[2 * index + 1], drawn.radius + 4, 0, 2 * Math.PI);
  context.stroke();
}

/** Rings around the hovered and the active point: drawn over a finished plot, so moving them is cheap. */
export function drawRings(context: CanvasRenderingContext2D, frame: PlotFrame, drawn: DrawnPlot): void {
  context.setTransform(frame.pixelRatio, 0, 0, frame.pixelRatio, 0, 0);
  ring(context, frame, drawn, frame.hover, 1.5);
  ring(context, frame, drawn, frame.active, 2.5);
}

/** Everything but the hover and active rings (see drawRings). */
export function drawPlot(context: CanvasRenderingContext2D, frame: PlotFrame): DrawnPlot {
  const { size, theme, tokens, highlighted, pixelRatio: ratio } = frame;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.font = labelFont(theme);
  const drawn = layoutFrame(frame, (text) => context.measureText(text).width);
  const { screen, labels, radius } = drawn;
  const count = screen.length / 2;

  // Background, axes and points go straight into the pixels (see raster.ts); text goes on top.
  const image = pixelsOf(context);
  const { data: pixels, width, height } = image;
  fillPixels(pixels, theme.rgb.background);
  const [originX, originY] = toScreen(frame.camera, size, 0, 0);
  blendLine(pixels, width, height, theme.rgb.muted, 0.25, originY * ratio, true);
  blendLine(pixels, width, height, theme.rgb.muted, 0.25, originX * ratio, false);

  const dimOthers = highlighted.size > 0 && !frame.cursor;
  const inset = radius + 3;
  const line = theme.rings ? 1.5 : 1;
  const drawPoints = (emphasised: boolean, offScreen: boolean) => {
    const alpha = offScreen ? 0.55 : dimOthers && !emphasised ? 0.35 : 1;
    const r = offScreen ? radius * 0.6 : emphasised && dimOthers ? radius * 1.5 : radius;
    for (let i = 0; i < count; i++) {
      if (highlighted.has(i) !== emphasised && dimOthers) continue;
      let x = screen[2 * i];
      let y = screen[2 * i + 1];
      const outside = x < -radius || y < -radius || x > size.width + radius || y > size.height + radius;
      if (outside !== offScreen) continue;
      // A point off screen is marked where it would enter the view.
      if (outside) (x = Math.min(size.width - inset, Math.max(inset, x))), (y = Math.min(size.height - inset, Math.max(inset, y)));
      const fill = tokens[i].special ? theme.special : theme.palette[tokens[i].index % theme.palette.length];
      blendStamp(pixels, width, height, circleStamp(fill, theme.outline, r, line, ratio), x * ratio, y * ratio, alpha);
    }
  };
  for (const offScreen of [true, false]) {
    if (dimOthers) drawPoints(false, offScreen);
    drawPoints(true, offScreen);
  }
  context.putImageData(image, 0, 0);

  // Labels, with a halo in the background colour so they stay legible over points.
  context.textBaseline = 'middle';
  context.lineJoin = 'round';
  context.lineWidth = 3;
  context.strokeStyle = theme.background;
  for (let i = 0; i < count; i++) {
    const left = labels[i];
    if (left === undefined) continue;
    const text = shortLabel(tokens[i].text);
    context.globalAlpha = dimOthers && !highlighted.has(i) ? 0.5 : 1;
    context.strokeText(text, left, screen[2 * i + 1]);
    context.fillStyle = theme.foreground;
    context.fillText(text, left, screen[2 * i + 1]);
  }
  context.globalAlpha = 1;

  if (frame.cursor) highlighted.forEach((index) => ring(context, frame, drawn, index, 1.5));

  if (frame.caption) {
    context.fillStyle = theme.foreground;
    context.textBaseline = 'alphabetic';
    context.font = `600 15px ${theme.fontFamily}`;
    context.fillText(frame.caption.title, 16, 24, size.width - 32);
    context.globalAlpha = 0.75;
    context.font = `12px ${theme.fontFamily}`;
    frame.caption.subtitle.split('\n').forEach((text, line) => context.fillText(text, 16, 44 + 17 * line, size.width - 32));
    context.globalAlpha = 1;
  }
  return drawn;
}
