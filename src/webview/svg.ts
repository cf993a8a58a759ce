/** The plot as a standalone SVG document, pure (unit-tested in Node); every text is escaped. */

export interface SvgPoint {
  /** Screen pixels in the exported picture. */
  readonly x: number;
  readonly y: number;
  readonly fill: string;
  readonly stroke: string;
  /** The label's left edge when it is drawn. */
  readonly labelX: number | undefined;
  readonly label: string;
  readonly emphasised: boolean;
}

export interface SvgPlot {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly foreground: string;
  readonly fontFamily: string;
  readonly title: string;
  readonly subtitle: string;
  readonly radius: number;
  readonly points: readonly SvgPoint[];
}

/** Text for an XML text node or attribute: markup characters escaped, characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const number = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '0');

/** Colours come from the theme; anything that is not a plain colour value becomes black. */
export function safeColour(colour: string): string {
  return /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]+)$/i.test(colour.trim()) ? colour.trim() : '#000000';
}

export function plotSvg(plot: SvgPlot): string {
  const { width, height } = plot;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${number(width)}" height="${number(height)}" viewBox="0 0 ${number(width)} ${number(height)}">`,
    `<rect width="100%" height="100%" fill="${safeColour(plot.background)}"/>`,
    `<g font-family="${escapeXml(plot.fontFamily)}" fill="${safeColour(plot.foreground)}">`,
    `<text x="16" y="24" font-size="15" font-weight="600">${escapeXml(plot.title)}</text>`,
    ...plot.subtitle.split('\n').map((text, line) => `<text x="16" y="${44 + 17 * line}" font-size="12" opacity="0.75">${escapeXml(text)}</text>`),
    '</g>',
    '<g stroke-width="1">',
  ];
  for (const point of plot.points) {
    const radius = point.emphasised ? plot.radius * 1.6 : plot.radius;
    lines.push(`<circle cx="${number(point.x)}" cy="${number(point.y)}" r="${number(radius)}" fill="${safeColour(point.fill)}" stroke="${safeColour(point.stroke)}"/>`);
  }
  lines.push('</g>', `<g font-family="${escapeXml(plot.fontFamily)}" font-size="11" fill="${safeColour(plot.foreground)}" dominant-baseline="central">`);
  for (const point of plot.points) {
    if (point.labelX === undefined) continue;
    lines.push(`<text x="${number(point.labelX)}" y="${number(point.y)}" xml:space="preserve">${escapeXml(point.label)}</text>`);
  }
  lines.push('</g>', '</svg>', '');
  return lines.join('\n');
}
