/**
 * Documents seen as the chat requests they hold (core's parseChat decides), counted as the API
 * bills them: content plus framing. Computed on demand, once per document version and encoding.
 * An open model's own chat_template is rendered in the worker (a template is untrusted, and may be
 * slow): until its renders come back the previous count stands, and onDidChange says when they have.
 */
import * as vscode from 'vscode';
import { type ChatCount, type ChatDocument, type ChatFormatHint, type ChatFraming, type ChatRenders, type ChatTemplateSpec, countChat, countRendered, openAiChatFraming, parseChat, templateMessages } from '../../core/chat';
import { chatCountText, chatTemplateOfTokenizer } from '../../core/hf';
import type { TextTokenizer } from '../../core/tokenizer';
import type { TokenizerService } from '../tokenizerService';
import type { RenderChatRequest, RenderChatResult } from '../worker/protocol';
import { Disposable } from '../util/dispose';

/**
 * Longer documents are not read as chats: parsing and counting run on the extension host at once
 * (at 200,000 characters: parse 0.4–9 ms, count 10–22 ms warm, 95 ms the first time; 2 loaded cores).
 */
export const CHAT_MAX_CHARS = 200_000;

/** The languages a chat request is written in, and how to read each. */
const CHAT_LANGUAGES: Readonly<Record<string, ChatFormatHint>> = {
  json: 'json',
  jsonc: 'json',
  jsonl: 'json',
  markdown: 'markdown',
  plaintext: 'auto',
};

export interface ChatView {
  readonly count: ChatCount;
  /** The encoding the pieces were counted in. */
  readonly encoding: string;
}

/** How a tokenizer frames chats: the OpenAI rules, or its own template (rendered in the worker). */
type Framing = { readonly kind: 'openai' } | { readonly kind: 'template'; readonly spec: ChatTemplateSpec };

/** Renders asked of the worker for one document version and encoding, and what came back. */
interface Renders {
  readonly key: string;
  result?: RenderChatResult;
}

export class ChatViews extends Disposable {
  private readonly cache = new WeakMap<vscode.TextDocument, { readonly key: string; readonly view: ChatView | undefined }>();
  /** Per tokenizer; undefined once its template proved unusable (the chat is then counted as plain text). */
  private readonly framings = new WeakMap<TextTokenizer, Framing | undefined>();
  private readonly renders = new WeakMap<vscode.TextDocument, Renders>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when a count that was waiting for the worker's renders can be had. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly tokenizer: TokenizerService,
    private readonly renderChats: (request: RenderChatRequest) => Promise<RenderChatResult>,
  ) {
    super();
  }

  /** The document's chat count, or undefined when it is not a chat (or too long, or the encoder is loading). */
  get(document: vscode.TextDocument): ChatView | undefined {
    const encoder = this.tokenizer.encoder;
    const hint = Object.hasOwn(CHAT_LANGUAGES, document.languageId) ? CHAT_LANGUAGES[document.languageId] : undefined;
    if (!encoder || !hint) return undefined;
    const key = `${document.version}|${encoder.name}`;
    const cached = this.cache.get(document);
    if (cached?.key === key) return cached.view;
    let view: ChatView | undefined;
    const end = document.lineAt(document.lineCount - 1).range.end;
    if (document.offsetAt(end) <= CHAT_MAX_CHARS) {
      const parsed = parseChat(document.getText(), hint);
      const framing = parsed.ok ? this.framingOf(encoder) : undefined;
      if (parsed.ok && framing?.kind === 'openai') view = { count: countChat(parsed.chat, chatCountText(encoder, false), openAiChatFraming), encoding: encoder.name };
      if (parsed.ok && framing?.kind === 'template') {
        const result = this.rendered(document, key, framing.spec, parsed.chat);
        // Not back yet: the count of the version before stands (it is not kept as this version's).
        if (!result) return cached?.view?.encoding === encoder.name ? cached.view : undefined;
        if ('renders' in result) view = { count: countChat(parsed.chat, chatCountText(encoder, true), inOrder(result.renders)), encoding: encoder.name };
        else {
          // A template that refuses this chat (raise_exception): counted as plain text. One that will never render is dropped for this tokenizer.
          console.warn(`Token Lens: ${result.failure}`);
          if (result.unusable) this.framings.set(encoder, undefined);
        }
      }
    }
    this.cache.set(document, { key, view });
    return view;
  }

  /** An open model's own chat_template, else the OpenAI rules (also for an open model without a template). */
  private framingOf(encoder: TextTokenizer): Framing | undefined {
    if (this.framings.has(encoder)) return this.framings.get(encoder);
    const spec = chatTemplateOfTokenizer(encoder);
    const framing: Framing = spec ? { kind: 'template', spec } : { kind: 'openai' };
    this.framings.set(encoder, framing);
    return framing;
  }

  /**
   * The worker's renders of the document's chats for `key`, undefined until they come back. One
   * render at a time per document: when it comes back, onDidChange has the latest version asked for.
   */
  private rendered(document: vscode.TextDocument, key: string, template: ChatTemplateSpec, chat: ChatDocument): RenderChatResult | undefined {
    const renders = this.renders.get(document);
    // Asked already (back, or not yet); or another version's render is still running.
    if (renders?.key === key) return renders.result;
    if (renders && !renders.result) return undefined;
    const asked: Renders = { key };
    this.renders.set(document, asked);
    this.renderChats({ type: 'renderChat', template, chats: chat.requests.map(templateMessages) })
      .then(
        (result) => (asked.result = result),
        (error: unknown) => (asked.result = { failure: `chat_template: ${(error as Error).message}`, unusable: false }),
      )
      .finally(() => this.changed.fire());
    return undefined;
  }
}

/** A framing that gives each request, in the document's order, the counts of its renders. */
function inOrder(renders: readonly ChatRenders[]): ChatFraming {
  let next = 0;
  return { countRequest: (request, countText) => countRendered(request, renders[next++], countText) };
}
