import * as vscode from 'vscode';
import { ProgressiveCounter } from '../../core/incremental/scan';
import { TokenizedDocument } from '../../core/incremental/tokenizedDocument';
import { coverChanges } from '../../core/text/edits';
import type { EncodeOptions, TextTokenizer as Encoder } from '../../core/tokenizer';
import type { Configuration } from '../config';
import { Settings, settingId } from '../constants';
import type { TokenizerService } from '../tokenizerService';
import { Disposable } from '../util/dispose';
import { SLICE_MS, STEP_CHARS } from '../util/slices';
import { type Listen, nextEvent, promiseOrStop } from '../util/waits';
import { DocumentSource, isTokenizable } from './documentSource';

/** Tracked token by token, or (over the size limit) only counted in the background. */
export type DocumentState = TrackedDocument | LargeDocument;

export interface TrackedDocument {
  readonly kind: 'tracked';
  readonly source: DocumentSource;
  readonly encoder: Encoder;
  readonly options: EncodeOptions;
  readonly tokens: TokenizedDocument;
}

export interface LargeDocument {
  readonly kind: 'large';
  readonly source: DocumentSource;
  readonly encoder: Encoder;
  readonly options: EncodeOptions;
  counter: ProgressiveCounter;
}

/** Documents up to this size are tokenized as soon as they are first seen (well under a millisecond or two). */
const IMMEDIATE_CHARS = 65_536;

/**
 * Every open document's tokens, created when first asked for, kept current under edits,
 * with first passes (and counts of very large documents) done in short slices so the
 * extension host, which every extension shares, never waits on us.
 */
export class DocumentTokens extends Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.TextDocument>());
  /** A document's tokens changed (edit, progress of the first pass, encoder change). */
  readonly onDidChange = this.changed.event;
  private readonly disposing = this._register(new vscode.EventEmitter<void>());
  private scheduled: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly tokenizer: Pick<TokenizerService, 'encoder' | 'options' | 'load' | 'onDidChange'>,
    private readonly config: Pick<Configuration, 'maxDocumentSize' | 'onDidChange'>,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.states.get(key(document))?.source.document === document) this.states.delete(key(document));
      }),
    );
    this._register(tokenizer.onDidChange(() => this.resetAll()));
    this._register(
      config.onDidChange((event) => {
        if (event.affectsConfiguration(settingId(Settings.maxDocumentSize))) this.resetAll();
      }),
    );
    this._register({ dispose: () => clearTimeout(this.scheduled) });
    // Registered last, so disposed first: waits hear of the disposal while the emitter still works.
    this._register({ dispose: () => this.disposing.fire() });
  }

  /** The document's token state, created on first request; undefined until the encoder is ready or for non-text documents. */
  get(document: vscode.TextDocument): DocumentState | undefined {
    const existing = this.states.get(key(document));
    // Untitled URIs are reused: a state belongs to the very document object it was made for.
    if (existing?.source.document === document) return existing;
    const encoder = this.tokenizer.encoder;
    if (!encoder) {
      void this.tokenizer.load();
      return undefined;
    }
    if (!isTokenizable(document)) return undefined;
    const source = new DocumentSource(document);
    const options = this.tokenizer.options;
    const state: DocumentState =
      source.length > this.config.maxDocumentSize
        ? { kind: 'large', source, encoder, options, counter: new ProgressiveCounter(encoder, options) }
        : { kind: 'tracked', source, encoder, options, tokens: new TokenizedDocument(encoder, options, source.length) };
    if (state.kind === 'tracked' && source.length <= IMMEDIATE_CHARS) state.tokens.finish(source);
    this.states.set(key(document), state);
    this.schedule();
    return state;
  }

  /**
   * Resolves once the first pass has tokenized the text before `offset` (immediately if it has);
   * with the state as it is when cancelled, and undefined once the document closes or the service is disposed.
   */
  async whenReached(document: vscode.TextDocument, offset: number, cancellation?: vscode.CancellationToken): Promise<DocumentState | undefined> {
    for (;;) {
      if (this.isDisposed || document.isClosed) return undefined;
      const state = this.get(document);
      if (!state || state.kind !== 'tracked' || state.tokens.frontier >= Math.min(offset, state.source.length) || cancellation?.isCancellationRequested) {
        return state;
      }
      await this.nextChange(document, cancellation);
    }
  }

  /** Token count when known (the whole document has been counted). */
  count(state: DocumentState): number | undefined {
    if (state.kind === 'tracked') return state.tokens.complete ? state.tokens.tokenCount : undefined;
    return state.counter.offset >= state.source.length ? state.counter.count : undefined;
  }

  /** Share of the document tokenized or counted so far, 0–1. */
  progress(state: DocumentState): number {
    const length = state.source.length;
    if (length === 0) return 1;
    const done = state.kind === 'tracked' ? state.tokens.frontier : state.counter.offset;
    return Math.min(1, done / length);
  }

  /**
   * Resolves once the document is fully tokenized (or counted), for commands that need the whole count;
   * with the state as it is when cancelled, and undefined once the document closes or the service is disposed.
   */
  async whenComplete(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<DocumentState | undefined> {
    for (;;) {
      if (this.isDisposed || document.isClosed) return undefined;
      let state = this.get(document);
      if (!state && !token?.isCancellationRequested) {
        await promiseOrStop(this.tokenizer.load(), this.stops(document, token), undefined);
        state = this.isDisposed || document.isClosed ? undefined : this.get(document);
      }
      if (!state || this.count(state) !== undefined || token?.isCancellationRequested) return state;
      await this.nextChange(document, token);
    }
  }

  /** The next change of `document`, or sooner: its close, the cancellation, the service's disposal. */
  private nextChange(document: vscode.TextDocument, cancellation: vscode.CancellationToken | undefined): Promise<unknown> {
    return nextEvent(this.onDidChange, (changed) => changed === document, this.stops(document, cancellation), undefined);
  }

  /** What ends a wait on `document` early. */
  private stops(document: vscode.TextDocument, cancellation: vscode.CancellationToken | undefined): Listen<unknown>[] {
    const closed: Listen<unknown> = (listener) => vscode.workspace.onDidCloseTextDocument((closing) => closing === document && listener(closing));
    return [closed, this.disposing.event, ...(cancellation ? [cancellation.onCancellationRequested] : [])];
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const state = this.states.get(key(event.document));
    if (!state || state.source.document !== event.document || event.contentChanges.length === 0) return;
    if (state.kind === 'tracked') {
      const change = coverChanges(
        event.contentChanges.map((c) => ({ offset: c.rangeOffset, removed: c.rangeLength, insertedText: c.text })),
      );
      if (state.source.length > this.config.maxDocumentSize) {
        this.states.delete(key(event.document));
      } else {
        state.tokens.applyEdit(state.source, change.offset, change.removed, change.inserted);
      }
    } else {
      // Counting restarts; the count of a text this large is only shown once it is complete.
      state.counter = new ProgressiveCounter(state.encoder, state.options);
    }
    this.changed.fire(event.document);
    this.schedule();
  }

  private resetAll(): void {
    const documents = [...this.states.values()].map((state) => state.source.document);
    this.states.clear();
    for (const document of documents) this.changed.fire(document);
  }

  private schedule(): void {
    if (this.scheduled === undefined && !this.isDisposed) this.scheduled = setTimeout(() => this.work(), 0);
  }

  /** One slice of background work: first passes of visible documents first. */
  private work(): void {
    this.scheduled = undefined;
    const visible = new Set(vscode.window.visibleTextEditors.map((editor) => key(editor.document)));
    const pending = [...this.states.entries()]
      .filter(([, state]) => this.count(state) === undefined)
      .sort(([a], [b]) => Number(visible.has(b)) - Number(visible.has(a)));
    if (pending.length === 0) return;
    const [, state] = pending[0];
    const deadline = performance.now() + SLICE_MS;
    let done = false;
    while (!done && performance.now() < deadline) {
      done = state.kind === 'tracked' ? state.tokens.advance(state.source, STEP_CHARS) : state.counter.advance(state.source, STEP_CHARS);
    }
    this.changed.fire(state.source.document);
    this.schedule();
  }
}

function key(document: vscode.TextDocument): string {
  return document.uri.toString();
}
