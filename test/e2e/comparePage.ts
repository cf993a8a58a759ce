// Measures taken inside the page (frame.evaluate): where the Compare view's strips break and where its
// page starts, and the room its picker's placeholder has. Each function is self-contained and types the
// little of the DOM it uses (the project has no DOM lib).

interface Rect {
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
}

interface StripElement {
  readonly clientWidth: number;
  readonly textContent: string | null;
  querySelector(selector: string): StripElement | null;
  querySelectorAll(selector: string): Iterable<StripElement>;
  closest(selector: string): StripElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect & { readonly left: number };
}

interface StripWindow {
  readonly document: {
    querySelector(selector: string): StripElement | null;
    querySelectorAll(selector: string): Iterable<StripElement>;
    createRange(): { selectNodeContents(node: StripElement): void; getClientRects(): Iterable<Rect> };
    createElement(tag: 'canvas'): { getContext(kind: '2d'): { font: string; measureText(text: string): { width: number } } | null };
  };
  getComputedStyle(element: StripElement): { readonly font: string; readonly paddingLeft: string };
}

export interface StripBreaks {
  /** The strip's width in CSS pixels. */
  readonly width: number;
  /** Lines the strip wrapped onto beyond those its text's line breaks make. */
  readonly softBreaks: number;
  /** Tokens (no wider than the strip, holding no line break) whose text starts on one line and continues on the next. */
  readonly broken: readonly string[];
}

/** For each strip: its soft line breaks, and the tokens split across lines that need not be. */
export function brokenTokens(): StripBreaks[] {
  const { document } = globalThis as unknown as StripWindow;
  /** The lines a run of text fragments lies on: fragments that overlap vertically share one. */
  const lines = (rects: Rect[]) => {
    let count = 0;
    let bottom = -Infinity;
    for (const rect of rects.filter((each) => each.width > 0).sort((a, b) => a.top - b.top)) {
      const newLine = rect.top >= bottom - 1;
      if (newLine) count++;
      bottom = newLine ? rect.bottom : Math.max(bottom, rect.bottom);
    }
    return count;
  };
  return [...document.querySelectorAll('.strip')].map((strip) => {
    const range = document.createRange();
    const broken: string[] = [];
    for (const token of strip.querySelectorAll('.t')) {
      range.selectNodeContents(token);
      const rects = [...range.getClientRects()];
      const text = token.textContent ?? '';
      const onLines = lines(rects);
      const width = rects.reduce((sum, rect) => sum + rect.width, 0);
      if (onLines > 1 && !text.includes('\n') && width <= strip.clientWidth) broken.push(text);
    }
    range.selectNodeContents(strip);
    const textLines = (strip.textContent ?? '').replace(/\n$/, '').split('\n').length;
    return { width: strip.clientWidth, softBreaks: lines([...range.getClientRects()]) - textLines, broken };
  });
}

/** The tops of the Compare view's source line and first heading, in the viewport (negative: scrolled past). */
export function pageTops(): number[] {
  const { document } = globalThis as unknown as StripWindow;
  return ['.source', 'h2'].map((selector) => document.querySelector(selector)?.getBoundingClientRect().top ?? Number.NaN);
}

/** Where a quick input's placeholder text ends, drawn in the input's font, and where its "N Selected" badge starts. */
export function placeholderRoom(input: unknown): { textEnd: number; badgeStart?: number } {
  const { document, getComputedStyle } = globalThis as unknown as StripWindow;
  const element = input as StripElement;
  const style = getComputedStyle(element);
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return { textEnd: Number.POSITIVE_INFINITY };
  context.font = style.font;
  const textEnd = element.getBoundingClientRect().left + Number.parseFloat(style.paddingLeft) + context.measureText(element.getAttribute('placeholder') ?? '').width;
  const badge = element.closest('.quick-input-header')?.querySelector('.quick-input-count .monaco-count-badge')?.getBoundingClientRect();
  return { textEnd, badgeStart: badge && badge.width > 0 ? badge.left : undefined };
}
