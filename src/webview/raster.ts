/**
 * Points drawn straight into the canvas's pixels. Without a GPU (VS Code in a VM, a remote
 * desktop, headless browsers) a canvas spends about 6 µs on each arc or sprite; blending a
 * small antialiased stamp into an ImageData in JavaScript costs a tenth of that, so 10,000
 * points redraw in a few milliseconds while the user pans.
 */

/** A point's picture: straight-alpha RGBA, `size` × `size` device pixels, centred on the point. */
export interface Stamp {
  readonly size: number;
  readonly rgba: Uint8ClampedArray;
}

/** Colours as 0–255 numbers. */
export type Rgb = readonly [number, number, number];

/**
 * Blends `stamp` into `pixels` (RGBA, `width` × `height`, opaque) with its centre at device
 * pixel (x, y), scaled by `alpha`. Parts outside the picture are clipped.
 */
export function blendStamp(pixels: Uint8ClampedArray, width: number, height: number, stamp: Stamp, x: number, y: number, alpha = 1): void {
  const { size, rgba } = stamp;
  const left = Math.round(x) - (size >> 1);
  const top = Math.round(y) - (size >> 1);
  const x0 = Math.max(0, -left);
  const y0 = Math.max(0, -top);
  const x1 = Math.min(size, width - left);
  const y1 = Math.min(size, height - top);
  for (let row = y0; row < y1; row++) {
    let source = (row * size + x0) * 4;
    let target = ((top + row) * width + left + x0) * 4;
    for (let column = x0; column < x1; column++, source += 4, target += 4) {
      const a = (rgba[source + 3] * alpha) / 255;
      if (a === 0) continue;
      const keep = 1 - a;
      pixels[target] = rgba[source] * a + pixels[target] * keep;
      pixels[target + 1] = rgba[source + 1] * a + pixels[target + 1] * keep;
      pixels[target + 2] = rgba[source + 2] * a + pixels[target + 2] * keep;
    }
  }
}

/** Fills every pixel with one opaque colour. */
export function fillPixels(pixels: Uint8ClampedArray, [r, g, b]: Rgb): void {
  for (let i = 0; i < pixels.length; i += 4) {
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
    pixels[i + 3] = 255;
  }
}

/** A one-pixel horizontal or vertical line blended at `alpha`. */
export function blendLine(pixels: Uint8ClampedArray, width: number, height: number, [r, g, b]: Rgb, alpha: number, at: number, horizontal: boolean): void {
  const line = Math.round(at);
  if (line < 0 || line >= (horizontal ? height : width)) return;
  const count = horizontal ? width : height;
  for (let k = 0; k < count; k++) {
    const i = (horizontal ? line * width + k : k * width + line) * 4;
    pixels[i] = r * alpha + pixels[i] * (1 - alpha);
    pixels[i + 1] = g * alpha + pixels[i + 1] * (1 - alpha);
    pixels[i + 2] = b * alpha + pixels[i + 2] * (1 - alpha);
  }
}

const stamps = new Map<string, Stamp>();

/** An antialiased filled circle with an outline, `radius` CSS pixels at `ratio` device pixels each; drawn once by the canvas. */
export function circleStamp(fill: string, outline: string, radius: number, lineWidth: number, ratio: number): Stamp {
  const key = `${fill}|${outline}|${radius}|${lineWidth}|${ratio}`;
  let stamp = stamps.get(key);
  if (stamp) return stamp;
  const size = 2 * Math.ceil((radius + lineWidth) * ratio) + 1;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) return { size: 0, rgba: new Uint8ClampedArray(0) };
  context.beginPath();
  context.arc(size / 2, size / 2, radius * ratio, 0, 2 * Math.PI);
  context.fillStyle = fill;
  context.fill();
  context.lineWidth = lineWidth * ratio;
  context.strokeStyle = outline;
  context.stroke();
  stamp = { size, rgba: context.getImageData(0, 0, size, size).data };
  if (stamps.size > 256) stamps.clear();
  stamps.set(key, stamp);
  return stamp;
}
