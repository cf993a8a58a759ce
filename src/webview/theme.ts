/** The plot's colours, read from the CSS variables VS Code gives the webview, so they follow the theme. */

export interface PlotTheme {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly focus: string;
  /** Fill of token k's point: palette[k % 8], the strip's colour made opaque so points stand out. */
  readonly palette: readonly string[];
  /** Outline of every point. */
  readonly outline: string;
  readonly special: string;
  /** High-contrast themes give tokens no background: points are drawn as rings. */
  readonly rings: boolean;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** The colours the plot paints pixel by pixel, as numbers. */
  readonly rgb: { readonly background: Rgb; readonly muted: Rgb };
}

type Rgba = readonly [number, number, number, number];
type Rgb = readonly [number, number, number];

const probe = document.createElement('canvas').getContext('2d');

/** Any CSS colour as RGBA numbers (the canvas normalises it), or undefined. */
function parse(colour: string): Rgba | undefined {
  if (!probe || !colour) return undefined;
  probe.fillStyle = '#010203';
  probe.fillStyle = colour;
  const normal = probe.fillStyle;
  if (normal === '#010203' && colour.trim().toLowerCase() !== '#010203') return undefined;
  if (normal.startsWith('#')) {
    const value = Number.parseInt(normal.slice(1), 16);
    return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 1];
  }
  const parts = normal.match(/[\d.]+/g)?.map(Number) ?? [];
  return parts.length >= 3 ? [parts[0], parts[1], parts[2], parts[3] ?? 1] : undefined;
}

const css = ([r, g, b, a]: Rgba): string => (a >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Math.round(a * 1000) / 1000})`);

/** `front` drawn over the opaque `back`. */
function over([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba {
  const mix = (f: number, k: number) => Math.round(f * a + k * (1 - a));
  return [mix(r, br), mix(g, bg), mix(b, bb), 1];
}

/** A translucent theme colour at full strength (dark themes give tokens half-transparent backgrounds). */
function opaque([r, g, b]: Rgba): Rgba {
  return [r, g, b, 1];
}

export function readTheme(): PlotTheme {
  const style = getComputedStyle(document.documentElement);
  const variable = (name: string) => style.getPropertyValue(`--vscode-${name}`).trim();
  const background = parse(variable('editor-background')) ?? parse(getComputedStyle(document.body).backgroundColor) ?? [30, 30, 30, 1];
  const foreground = parse(variable('editor-foreground')) ?? parse(getComputedStyle(document.body).color) ?? [204, 204, 204, 1];
  const focus = parse(variable('focusBorder')) ?? foreground;
  const border = parse(variable('tokenLens-tokenBorder'));
  const colours = Array.from({ length: 8 }, (_, k) => parse(variable(`tokenLens-token${k + 1}Background`)));
  const rings = colours.every((colour) => !colour || colour[3] < 0.05);
  const mutedForeground: Rgba = [foreground[0], foreground[1], foreground[2], 0.45];
  const outline = rings ? (border && border[3] > 0.05 ? border : foreground) : over(mutedForeground, background);
  const special = parse(variable('tokenLens-specialTokenBackground')) ?? [224, 49, 49, 1];
  const size = Number.parseFloat(variable('editor-font-size'));
  const muted = over([foreground[0], foreground[1], foreground[2], 0.6], background);
  return {
    background: css(background),
    foreground: css(foreground),
    muted: css(muted),
    focus: css(focus),
    palette: colours.map((colour) => css(rings || !colour ? background : opaque(colour))),
    outline: css(outline),
    special: css(over(special, background)),
    rings,
    fontFamily: variable('editor-font-family') || 'monospace',
    fontSize: Number.isFinite(size) && size > 0 ? Math.min(size, 16) : 12,
    rgb: { background: [background[0], background[1], background[2]], muted: [muted[0], muted[1], muted[2]] },
  };
}
