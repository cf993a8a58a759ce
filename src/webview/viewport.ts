/**
 * The plot's camera: which part of the [-1, 1]² layout is on screen and how large. Pure math
 * (unit-tested in Node); y grows upwards in the layout and downwards on screen.
 */

export interface Camera {
  /** 1 shows the whole layout. */
  readonly zoom: number;
  /** The layout point at the centre of the screen. */
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const HOME: Camera = { zoom: 1, x: 0, y: 0 };
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 500;
/** Share of the shorter side the layout fills at zoom 1, leaving room for labels. */
const FILL = 0.84;

/** Screen pixels per layout unit. */
export function pixelsPerUnit(camera: Camera, size: Size): number {
  return (Math.min(size.width, size.height) / 2) * FILL * camera.zoom;
}

export function toScreen(camera: Camera, size: Size, x: number, y: number): [number, number] {
  const scale = pixelsPerUnit(camera, size);
  return [size.width / 2 + (x - camera.x) * scale, size.height / 2 - (y - camera.y) * scale];
}

export function toLayout(camera: Camera, size: Size, screenX: number, screenY: number): [number, number] {
  const scale = pixelsPerUnit(camera, size);
  return [camera.x + (screenX - size.width / 2) / scale, camera.y - (screenY - size.height / 2) / scale];
}

/** Zooms by `factor`, keeping the layout point under (screenX, screenY) where it is. */
export function zoomAt(camera: Camera, size: Size, factor: number, screenX = size.width / 2, screenY = size.height / 2): Camera {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, camera.zoom * factor));
  const [x, y] = toLayout(camera, size, screenX, screenY);
  const scale = pixelsPerUnit({ ...camera, zoom }, size);
  return { zoom, x: x - (screenX - size.width / 2) / scale, y: y + (screenY - size.height / 2) / scale };
}

/** Moves the view by a drag of (dx, dy) screen pixels: the layout follows the pointer. */
export function panBy(camera: Camera, size: Size, dx: number, dy: number): Camera {
  const scale = pixelsPerUnit(camera, size);
  return { zoom: camera.zoom, x: camera.x - dx / scale, y: camera.y + dy / scale };
}

/** A camera from saved state, or HOME when it is not a sane one. */
export function validCamera(value: unknown): Camera {
  if (typeof value !== 'object' || value === null) return HOME;
  const { zoom, x, y } = value as Record<string, unknown>;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (!finite(zoom) || !finite(x) || !finite(y) || zoom < MIN_ZOOM || zoom > MAX_ZOOM || Math.abs(x) > 10 || Math.abs(y) > 10) return HOME;
  return { zoom, x, y };
}

/** How many robust standard deviations around the median the first view spans. */
const SPREAD = 4;
const MAX_FIT_ZOOM = 16;

/**
 * The first view of a layout: each axis's median ± 4 robust standard deviations (from the median
 * absolute deviation), so that a few far points (PCA puts repeated tokens far out) do not squeeze
 * the rest into a dot; the far ones show as marks at the edge. Well-spread layouts get HOME.
 */
export function fitCamera(points: ArrayLike<number>, size: Size): Camera {
  const count = Math.floor(points.length / 2);
  if (count === 0 || size.width <= 0 || size.height <= 0) return HOME;
  const range = (axis: 0 | 1): [number, number] => {
    const values = Float64Array.from({ length: count }, (_, i) => points[2 * i + axis]).sort();
    const median = values[count >> 1];
    const deviations = values.map((value) => Math.abs(value - median)).sort();
    const sigma = 1.4826 * deviations[count >> 1];
    return [Math.max(values[0], median - SPREAD * sigma), Math.min(values[count - 1], median + SPREAD * sigma)];
  };
  const [x0, x1] = range(0);
  const [y0, y1] = range(1);
  // Each axis fills its own side of the plot (a wide plot has room for a wide cloud).
  const unit = pixelsPerUnit(HOME, size);
  const fit = (extent: number, pixels: number) => (FILL * pixels) / Math.max(extent * unit, 1e-9);
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(1, Math.min(fit(x1 - x0, size.width), fit(y1 - y0, size.height))));
  return zoom <= 1.05 ? HOME : { zoom, x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
}
