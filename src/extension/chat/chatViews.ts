/**
 * Documents seen as the chat requests they hold (core's parseChat decides), counted as the API
 * bills them: content plus framing. Computed on demand, once per document version and encoding.
 */
import * as vscode from 'vscode';
import { type ChatCount, type ChatFormatHint, TemplateBudgetError, countChat, parseChat } from '../../core/chat';
import { type TokenizerChatFraming, chatFramingOf } from '../../core/hf';
import type { TextTokenizer } from '../../core/tokenizer';
import type { TokenizerService } from '../tokenizerService';

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

export class ChatViews {
  private readonly cache = new WeakMap<vscode.TextDocument, { readonly key: string; readonly view: ChatView | undefined }>();
  private readonly framings = new WeakMap<TextTokenizer, TokenizerChatFraming | undefined>();

  constructor(private readonly tokenizer: TokenizerService) {}

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
      try {
        if (parsed.ok && framing) view = { count: countChat(parsed.chat, framing.countText, framing.framing), encoding: encoder.name };
      } catch (error) {
        // A template that refuses this chat (raise_exception): counted as plain text. One that takes too long is dropped for this tokenizer.
        console.warn(`Token Lens: ${(error as Error).message}`);
        if (error instanceof TemplateBudgetError) this.framings.set(encoder, undefined);
      }
    }
    this.cache.set(document, { key, view });
    return view;
  }

  /** An open model's own chat_template, else the OpenAI rules (also for an open model without a template). */
  private framingOf(encoder: TextTokenizer): TokenizerChatFraming | undefined {
    if (this.framings.has(encoder)) return this.framings.get(encoder);
    let framing: TokenizerChatFraming | undefined;
    try {
      framing = chatFramingOf(encoder);
    } catch (error) {
      console.warn(`Token Lens: ${encoder.name}: ${(error as Error).message}`);
    }
    this.framings.set(encoder, framing);
    return framing;
  }
}
