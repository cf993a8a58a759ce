/** The plot as files: PNG (drawn again at twice the resolution) and SVG (built as text, every label escaped). */
import { shortLabel } from './format';
import { type PlotFrame, drawPlot, drawRings, labelFont, layoutFrame } from './plotDraw';
import { type SvgPoint, plotSvg } from './svg';

export type Caption = NonNullable<PlotFrame['caption']>;

/** A PNG data URL of the frame with a caption. */
export function plotPng(frame: PlotFrame, caption: Caption): string {
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(frame.size.width * scale));
  canvas.height = Math.max(1, Math.round(frame.size.height * scale));
  const context = canvas.getContext('2d');
  if (context) {
    const scaled = { ...frame, pixelRatio: scale, caption };
    drawRings(context, scaled, drawPlot(context, scaled));
  }
  return canvas.toDataURL('image/png');
}

/** An SVG document of the frame with a caption: the same points, colours and labels as on screen. */
export function plotSvgDocument(frame: PlotFrame, caption: Caption): string {
  const { theme, tokens } = frame;
  const context = document.createElement('canvas').getContext('2d');
  if (context) context.font = labelFont(theme);
  const { screen, labels, radius } = layoutFrame({ ...frame, caption }, (text) => context?.measureText(text).width ?? text.length * 7);
  const points: SvgPoint[] = [];
  for (let i = 0; i < screen.length / 2; i++) {
    const token = tokens[i];
    points.push({
      x: screen[2 * i],
      y: screen[2 * i + 1],
      fill: token.special ? theme.special : theme.palette[token.index % theme.palette.length],
      stroke: theme.outline,
      labelX: labels[i],
      label: shortLabel(token.text),
      emphasised: !frame.cursor && frame.highlighted.has(i),
    });
  }
  const { width, height } = frame.size;
  return plotSvg({ width, height, background: theme.background, foreground: theme.foreground, fontFamily: theme.fontFamily, radius, points, ...caption });
}
