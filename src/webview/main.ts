/** The Token Lens panel's page: wires the strip, the plot and the controls to the extension host. */
import type { NeighborsMessage, PanelStringKey, PanelToken, ProjectionMethod, ToWebview, VectorKind, ViewSettings } from '../protocol';
import { assertNever } from '../core/assertNever';
import { Controls } from './controls';
import { NumberFormats, fill } from './format';
import { onMessage, post } from './messages';
import { plotPng, plotSvgDocument } from './plotExport';
import { Scatter } from './scatter';
import { type PanelState, loadState, saveState } from './state';
import { Strip } from './strip';
import { Summary, byId } from './summary';
import { readTheme } from './theme';
import { Tooltip } from './tooltip';
import { TrainingView } from './trainingView';
import { HOME } from './viewport';

const HOVER_DELAY_MS = 120;

let strings: Partial<Record<PanelStringKey, string>> = {};
let numbers = new NumberFormats(document.documentElement.lang || 'en');
let state: PanelState = loadState();
let generation = 0;
let tokens: readonly PanelToken[] = [];
let localByIndex = new Map<number, number>();
let norms: readonly number[] | undefined;
let neighbors = new Map<number, NeighborsMessage>();
let hovered: { local: number; x: number; y: number } | undefined;
let hoverTimer: number | undefined;
/** After a reload the first projection keeps the saved view; later ones get a view fitted to them. */
let restoreCamera = state.camera !== HOME;

const t = (key: PanelStringKey): string => strings[key] ?? key;
const kindName = (kind: VectorKind) => t(kind === 'word' ? 'kindWord' : kind === 'position' ? 'kindPosition' : 'kindInput');
const methodName = (method: ProjectionMethod) => t(method === 'pca' ? 'methodPca' : method === 'umap' ? 'methodUmap' : 'methodTsne');
const sameView = (a: ViewSettings, b: ViewSettings) => a.kind === b.kind && a.method === b.method;
const describe = (token: PanelToken) =>
  fill(t('tokenLabel'), `“${token.text}”`, token.id, numbers.int(token.index)) +
  (token.special ? `, ${t('special')}` : token.partial ? `, ${t('partial')}` : '') +
  (token.framing ? `, ${t('framing')}` : '');

const app = byId('app');
const canvas = byId<HTMLCanvasElement>('scatter');
const stripElement = byId('strip');
const announcer = byId('announcer');
const showIds = byId('show-ids');
const summary = new Summary(t);
const tooltip = new Tooltip(byId('tooltip'), t, () => numbers);
const trainingView = new TrainingView(t);

function remember(change: Partial<PanelState>, now = true): void {
  state = { ...state, ...change };
  saveState(state, now);
}

function announce(text: string): void {
  announcer.textContent = '';
  window.setTimeout(() => (announcer.textContent = text), 30);
}

function activate(local: number, scroll = true): void {
  const token = tokens[local];
  if (!token) return;
  strip.setActive(local, scroll);
  scatter.setActive(local);
  announce(describe(token));
}

function select(local: number): void {
  const token = tokens[local];
  if (token) post({ type: 'select', generation, index: token.index });
}

function showTooltip(): void {
  const token = hovered && tokens[hovered.local];
  if (!hovered || !token) return tooltip.hide();
  tooltip.show({ token, norm: norms?.[hovered.local], neighbors: neighbors.get(token.index) }, hovered.x, hovered.y);
}

const strip = new Strip(stripElement, describe, {
  select,
  activate: (local) => activate(local),
  point: (local) => scatter.mark(local),
});

const scatter = new Scatter(canvas, state.camera, readTheme(), {
  select: (local) => {
    activate(local);
    select(local);
  },
  hover: (local, x, y) => {
    window.clearTimeout(hoverTimer);
    hovered = local === undefined ? undefined : { local, x, y };
    showTooltip();
    const token = local === undefined ? undefined : tokens[local];
    if (token && !neighbors.has(token.index)) {
      hoverTimer = window.setTimeout(() => post({ type: 'hover', generation, index: token.index }), HOVER_DELAY_MS);
    }
  },
  activate: (local) => activate(local),
  cameraChanged: (camera) => remember({ camera }, false),
});

const controls = new Controls(state.view, {
  view: (view) => {
    remember({ view });
    controls.showProgress(`${methodName(view.method)}…`, 0);
    post({ type: 'view', view });
  },
  zoom: (factor) => scatter.zoomBy(factor),
  home: () => scatter.home(),
  exportPlot: (format) => {
    const caption = { title: byId('title').textContent ?? '', subtitle: `${kindName(state.view.kind)} · ${methodName(state.view.method)}\n${byId('status').textContent ?? ''}` };
    const frame = scatter.snapshot();
    post({ type: 'export', format, data: format === 'svg' ? plotSvgDocument(frame, caption) : plotPng(frame, caption) });
  },
  cancel: () => post({ type: 'cancel' }),
});

function setShowIds(on: boolean): void {
  stripElement.classList.toggle('show-ids', on);
  showIds.setAttribute('aria-pressed', String(on));
}
showIds.addEventListener('click', () => {
  remember({ showIds: !state.showIds });
  setShowIds(state.showIds);
});
setShowIds(state.showIds);
byId('show-document').addEventListener('click', () => post({ type: 'scope', scope: 'document' }));
byId('offer-trained').addEventListener('click', () => post({ type: 'useTrained' }));

function applyStrings(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-l10n]')) element.textContent = t(element.dataset.l10n as PanelStringKey);
  for (const element of document.querySelectorAll<HTMLElement>('[data-l10n-label]')) {
    const label = t(element.dataset.l10nLabel as PanelStringKey);
    element.setAttribute('aria-label', label);
    if (element instanceof HTMLButtonElement) element.title = label; // icon buttons show their name on hover
  }
}

function describePlot(count: number): void {
  canvas.setAttribute('aria-label', `${fill(t('plotLabel'), kindName(state.view.kind), numbers.int(count), methodName(state.view.method))}. ${t('plotHelp')}`);
}

function handle(message: ToWebview): void {
  switch (message.type) {
    case 'init':
      strings = message.strings;
      numbers = new NumberFormats(message.locale);
      applyStrings();
      return;
    case 'tokens':
      generation = message.generation;
      tokens = message.tokens;
      localByIndex = new Map(tokens.map((token, local) => [token.index, local]));
      norms = undefined;
      neighbors = new Map();
      hovered = undefined;
      tooltip.hide();
      strip.render(tokens);
      scatter.setTokens(tokens);
      summary.render(message, numbers);
      app.classList.toggle('empty', tokens.length === 0);
      app.setAttribute('aria-busy', 'false');
      describePlot(0);
      if (tokens.length > 0 && message.source) controls.showProgress(`${methodName(state.view.method)}…`, 0);
      else controls.showStatus('');
      return;
    case 'highlight': {
      if (message.generation !== generation) return;
      const locals = new Set(message.indices.map((index) => localByIndex.get(index)).filter((local): local is number => local !== undefined));
      strip.setHighlighted(locals);
      scatter.setHighlighted(locals, message.cursor);
      return;
    }
    case 'progress':
      if (message.generation !== generation || !sameView(message.view, state.view)) return;
      controls.showProgress(fill(t('projecting'), methodName(message.view.method), message.phase, numbers.pct(message.fraction)), message.fraction);
      return;
    case 'projection': {
      if (message.generation !== generation || !sameView(message.view, state.view)) return;
      norms = message.norms;
      scatter.setPoints(Float32Array.from(message.points), restoreCamera);
      restoreCamera = false;
      const variance = message.explainedVariance;
      const about = variance ? fill(t('explained'), numbers.pct(variance[0]), numbers.pct(variance[1])) : fill(t('aboutNeighbors'), methodName(message.view.method));
      const parts = [message.norms.length > 0 ? about : '', message.note ?? ''];
      controls.showStatus(parts.filter(Boolean).join(' '));
      describePlot(message.norms.length);
      if (message.norms.length > 0) announce(fill(t('announceProjection'), numbers.int(message.norms.length), methodName(message.view.method)));
      showTooltip();
      return;
    }
    case 'projectionFailed':
      if (message.generation !== generation || !sameView(message.view, state.view)) return;
      if (!message.cancelled) scatter.setPoints(undefined);
      controls.showStatus(message.cancelled ? t('cancelled') : fill(t('failed'), message.message));
      if (message.cancelled) announce(t('cancelled'));
      return;
    case 'neighbors':
      if (message.generation !== generation) return;
      neighbors.set(message.index, message);
      if (hovered && tokens[hovered.local]?.index === message.index) showTooltip();
      return;
    case 'training':
      trainingView.render(message);
      return;
    default:
      assertNever(message, 'message');
  }
}

// Theme changes arrive as new CSS variables on <html> and a new class on <body>.
const themeObserver = new MutationObserver(() => scatter.setTheme(readTheme()));
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });

onMessage(handle);
post({ type: 'ready', view: state.view });
