/**
 * The training section of the panel: the loss curve so far and the most frequent tokens' latest
 * frame. Tokens glide to their new places between frames (a CSS transition, off under
 * prefers-reduced-motion), so the cloud is seen organising itself.
 */
import type { PanelStringKey, TrainingMessage } from '../protocol';
import { fill } from './format';
import { byId } from './summary';

const SVG = 'http://www.w3.org/2000/svg';
/** The loss curve's drawing box, in its viewBox units. */
const CURVE = { width: 200, height: 80, margin: 4 } as const;
/** [-1, 1] maps to ±TRACKED_SCALE in the tracked tokens' viewBox. */
const TRACKED_SCALE = 100;

export class TrainingView {
  private readonly section = byId('training');
  private readonly status = byId('training-status');
  private readonly curve = byId('loss-curve') as unknown as SVGSVGElement;
  private readonly tracked = byId('tracked-tokens') as unknown as SVGSVGElement;
  private readonly line = document.createElementNS(SVG, 'polyline');
  private readonly range = document.createElementNS(SVG, 'text');
  private readonly tokens = new Map<string, SVGGElement>();

  constructor(private readonly t: (key: PanelStringKey) => string) {
    this.curve.setAttribute('viewBox', `0 0 ${CURVE.width} ${CURVE.height}`);
    this.tracked.setAttribute('viewBox', `${-TRACKED_SCALE * 1.2} ${-TRACKED_SCALE * 1.1} ${TRACKED_SCALE * 2.4} ${TRACKED_SCALE * 2.2}`);
    this.line.classList.add('loss-line');
    this.range.classList.add('loss-range');
    this.range.setAttribute('x', String(CURVE.width - CURVE.margin));
    this.range.setAttribute('y', String(CURVE.margin + 8));
    this.curve.append(this.line, this.range);
  }

  render(message: TrainingMessage): void {
    this.section.hidden = false;
    this.section.classList.toggle('done', message.done);
    this.status.textContent = message.status;
    this.drawCurve(message.fractions, message.losses);
    this.drawTokens(message.texts, message.points);
    this.curve.setAttribute('aria-label', this.t('lossCurve'));
    this.tracked.setAttribute('aria-label', fill(this.t('trackedTokens'), message.texts.length));
  }

  private drawCurve(fractions: readonly number[], losses: readonly number[]): void {
    if (losses.length === 0) {
      this.line.setAttribute('points', '');
      this.range.textContent = '';
      return;
    }
    const low = Math.min(...losses);
    const high = Math.max(...losses);
    const span = high - low || 1;
    const { width, height, margin } = CURVE;
    const points = fractions.map((fraction, i) => {
      const x = margin + fraction * (width - 2 * margin);
      const y = margin + (1 - (losses[i] - low) / span) * (height - 2 * margin);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
    this.line.setAttribute('points', points.join(' '));
    this.range.textContent = `${high.toFixed(2)} → ${losses[losses.length - 1].toFixed(2)}`;
  }

  /** One group per token text, kept across frames so its move can be animated. */
  private drawTokens(texts: readonly string[], points: readonly number[]): void {
    const shown = new Set(texts);
    for (const [text, group] of this.tokens) {
      if (!shown.has(text)) {
        group.remove();
        this.tokens.delete(text);
      }
    }
    texts.forEach((text, i) => {
      let group = this.tokens.get(text);
      if (!group) {
        group = document.createElementNS(SVG, 'g');
        group.classList.add('tracked-token');
        const dot = document.createElementNS(SVG, 'circle');
        dot.setAttribute('r', '2.5');
        const label = document.createElementNS(SVG, 'text');
        label.setAttribute('x', '4');
        label.setAttribute('y', '3');
        label.textContent = text;
        group.append(dot, label);
        this.tracked.append(group);
        this.tokens.set(text, group);
      }
      // y grows downwards on screen: up is positive in the projection.
      group.style.transform = `translate(${(points[2 * i] * TRACKED_SCALE).toFixed(2)}px, ${(-points[2 * i + 1] * TRACKED_SCALE).toFixed(2)}px)`;
    });
  }
}
