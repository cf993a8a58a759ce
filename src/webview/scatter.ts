/** The scatter plot: its state, camera and drawing (through plotDraw); plotInput turns pointer and keys into calls here. */
import type { PanelToken } from '../protocol';
import { type DrawnPlot, type PlotFrame, drawPlot, drawRings } from './plotDraw';
import type { PlotTheme } from './theme';
import { attachPlotInput } from './plotInput';
import { type Camera, HOME, type Size, fitCamera, zoomAt } from './viewport';

export interface ScatterEvents {
  /** A point was clicked, or Enter pressed on the active one. */
  select(local: number): void;
  /** The pointer rests on a point (undefined: on none); client coordinates for the tooltip. */
  hover(local: number | undefined, clientX: number, clientY: number): void;
  /** [ or ] moved the active token. */
  activate(local: number): void;
  cameraChanged(camera: Camera): void;
}

const TRANSITION_MS = 450;
/** Labels come back this long after the view stops moving. */
const REST_MS = 150;
/** Above this many points, labels are left out while points glide. */
const LABELS_WHILE_GLIDING = 2000;

export class Scatter {
  private tokens: readonly PanelToken[] = [];
  private points: Float32Array | undefined;
  private transition: { from: Float32Array; to: Float32Array; start: number; camera?: { from: Camera; to: Camera } } | undefined;
  /** The view `home()` returns to: fitted to the current points. */
  private fitted: Camera = HOME;
  private highlighted: ReadonlySet<number> = new Set();
  private cursor = false;
  private active: number | undefined;
  private hovered: number | undefined;
  private drawn: DrawnPlot | undefined;
  /** The plot without hover and active rings, redrawn only when it changes. */
  private readonly base = document.createElement('canvas');
  private baseDirty = true;
  private size: Size = { width: 0, height: 0 };
  private frameRequested = false;
  private movingUntil = 0;
  private restTimer: number | undefined;
  private readonly reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private camera: Camera,
    private theme: PlotTheme,
    private readonly events: ScatterEvents,
  ) {
    new ResizeObserver(() => this.resize()).observe(canvas);
    attachPlotInput(canvas, this);
    this.resize();
  }

  get pointCount(): number {
    return this.points ? this.points.length / 2 : 0;
  }

  setTokens(tokens: readonly PanelToken[]): void {
    this.tokens = tokens;
    this.points = undefined;
    this.transition = undefined;
    this.highlighted = new Set();
    this.cursor = false;
    this.active = undefined;
    this.hovered = undefined;
    this.invalidate();
  }

  /**
   * New coordinates for the tokens, and a view fitted to them (or, with `keepCamera`, the view as
   * it is: restored after a reload). Points glide to their new places unless the user prefers reduced motion.
   */
  setPoints(points: Float32Array | undefined, keepCamera = false): void {
    const from = this.currentPoints();
    const fromCamera = this.currentCamera();
    this.fitted = points ? fitCamera(points, this.size) : HOME;
    const camera = keepCamera ? this.camera : this.fitted;
    const animate = from !== undefined && points !== undefined && from.length === points.length && !this.reducedMotion.matches;
    this.transition = animate ? { from, to: points, start: performance.now(), camera: { from: fromCamera, to: camera } } : undefined;
    this.points = points;
    this.camera = camera;
    this.events.cameraChanged(camera);
    this.invalidate();
  }

  /** Points of the editor's selection stand out, the rest dim; at a `cursor` they are only ringed. */
  setHighlighted(highlighted: ReadonlySet<number>, cursor: boolean): void {
    this.highlighted = highlighted;
    this.cursor = cursor;
    this.invalidate();
  }

  setActive(local: number | undefined): void {
    this.active = local;
    this.render();
  }

  /** Rings a point without a tooltip (the pointer is over its token in the strip). */
  mark(local: number | undefined): void {
    this.hovered = local;
    this.render();
  }

  setTheme(theme: PlotTheme): void {
    this.theme = theme;
    this.invalidate();
  }

  setCamera(camera: Camera): void {
    if (this.transition) this.transition.camera = undefined; // the user moves the view: stop gliding it
    this.camera = camera;
    // While the view moves, draw points only; redraw with labels once it rests.
    this.movingUntil = performance.now() + REST_MS;
    window.clearTimeout(this.restTimer);
    this.restTimer = window.setTimeout(() => this.invalidate(), REST_MS + 10);
    this.events.cameraChanged(camera);
    this.invalidate();
  }

  zoomBy(factor: number): void {
    this.setCamera(zoomAt(this.camera, this.size, factor));
  }

  /** Back to the view fitted to the points. */
  home(): void {
    this.fitted = this.points ? fitCamera(this.points, this.size) : HOME;
    this.setCamera(this.fitted);
  }

  /** What is on screen now, for export. */
  snapshot(): PlotFrame {
    return { ...this.frame(), hover: undefined, moving: false };
  }

  /** The plot itself changed: redraw all of it. */
  private invalidate(): void {
    this.baseDirty = true;
    this.render();
  }

  /** Schedules a redraw on the next animation frame. */
  render(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.draw();
    });
  }

  private frame(): PlotFrame {
    return {
      size: this.size,
      pixelRatio: window.devicePixelRatio || 1,
      camera: this.currentCamera(),
      points: this.currentPoints(),
      tokens: this.tokens,
      highlighted: this.highlighted,
      cursor: this.cursor,
      active: this.active,
      hover: this.hovered,
      theme: this.theme,
      moving: performance.now() < this.movingUntil || (this.transition !== undefined && this.tokens.length > LABELS_WHILE_GLIDING),
    };
  }

  /** How far the running transition is, eased (0–1); undefined when there is none. */
  private progress(): number | undefined {
    const transition = this.transition;
    if (!transition) return undefined;
    const t = Math.min(1, (performance.now() - transition.start) / TRANSITION_MS);
    if (t >= 1) {
      this.transition = undefined;
      return undefined;
    }
    return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
  }

  private currentCamera(): Camera {
    const eased = this.progress();
    const glide = this.transition?.camera;
    if (eased === undefined || !glide) return this.camera;
    const { from, to } = glide;
    const zoom = from.zoom * (to.zoom / from.zoom) ** eased;
    return { zoom, x: from.x + (to.x - from.x) * eased, y: from.y + (to.y - from.y) * eased };
  }

  private currentPoints(): Float32Array | undefined {
    const eased = this.progress();
    const transition = this.transition;
    if (eased === undefined || !transition) return this.points;
    const { from, to } = transition;
    const between = new Float32Array(to.length);
    for (let i = 0; i < to.length; i++) between[i] = from[i] + (to[i] - from[i]) * eased;
    return between;
  }

  private draw(): void {
    const context = this.canvas.getContext('2d');
    if (!context || this.size.width === 0) return;
    const frame = this.frame();
    if (this.baseDirty || this.transition || !this.drawn || this.base.width !== this.canvas.width || this.base.height !== this.canvas.height) {
      if (this.base.width !== this.canvas.width || this.base.height !== this.canvas.height) {
        this.base.width = this.canvas.width;
        this.base.height = this.canvas.height;
      }
      const baseContext = this.base.getContext('2d');
      if (!baseContext) return;
      const started = performance.now();
      this.drawn = drawPlot(baseContext, frame);
      this.baseDirty = false;
      // Read by the browser tests: how many points are drawn, and how long the plot takes to draw.
      this.canvas.dataset.pointCount = String(this.drawn.screen.length / 2);
      this.canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.drawImage(this.base, 0, 0);
    drawRings(context, frame, this.drawn);
    if (this.transition) this.render();
  }

  private resize(): void {
    const { width, height } = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    this.size = { width, height };
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    this.baseDirty = true;
    this.draw();
  }

  /** The point under (x, y) in canvas pixels: the topmost within reach. */
  hit(x: number, y: number): number | undefined {
    const drawn = this.drawn;
    if (!drawn) return undefined;
    const reach = Math.max(8, drawn.radius + 3) ** 2;
    let best: number | undefined;
    let bestDistance = reach;
    for (let i = drawn.screen.length / 2 - 1; i >= 0; i--) {
      const distance = (drawn.screen[2 * i] - x) ** 2 + (drawn.screen[2 * i + 1] - y) ** 2;
      if (distance < bestDistance) (best = i), (bestDistance = distance);
    }
    return best;
  }

  /** The pointer is over point `index` (or none). */
  setHover(index: number | undefined, clientX: number, clientY: number): void {
    if (index !== this.hovered) {
      this.hovered = index;
      this.render();
    }
    this.canvas.classList.toggle('over-point', index !== undefined);
    this.events.hover(index, clientX, clientY);
  }

  /** [ and ] step through the tokens from the active one. */
  step(direction: 1 | -1): void {
    const count = this.pointCount;
    if (count === 0) return;
    const from = this.active ?? (direction > 0 ? -1 : count);
    this.events.activate((from + direction + count) % count);
  }

  /** Enter selects the active token in the editor. */
  selectActive(): void {
    if (this.active !== undefined) this.events.select(this.active);
  }

  /** A click on point `index`. */
  select(index: number): void {
    this.events.select(index);
  }

  get view(): { readonly camera: Camera; readonly size: Size } {
    return { camera: this.camera, size: this.size };
  }
}
