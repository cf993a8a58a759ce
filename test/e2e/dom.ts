// The little of the DOM that functions passed to page.evaluate() use. The project's tsconfig has no DOM
// lib on purpose (core must not touch the DOM), so in-page code casts `globalThis` to PageWindow instead.

export interface PageElement {
  readonly style: { backgroundColor: string };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): { readonly width: number; readonly height: number; readonly bottom: number };
  appendChild(child: PageElement): void;
  remove(): void;
}

export interface PageWindow {
  readonly document: {
    readonly body: PageElement;
    createElement(tagName: string): PageElement;
    querySelector(selector: string): PageElement | null;
  };
  getComputedStyle(element: PageElement): { readonly backgroundColor: string; getPropertyValue(name: string): string };
}
