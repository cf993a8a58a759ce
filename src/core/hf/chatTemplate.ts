/** The chat template an open model declares in tokenizer_config.json, for chat counts (core/chat/templateFraming.ts). */
import { type ChatFraming, type ChatTemplateSpec, type CountText, openAiChatFraming, templateChatFraming } from '../chat';
import type { TextTokenizer } from '../tokenizer';
import { HfTokenizer } from './hfTokenizer';

/** From the tokenizer's kept config (HfTokenizerData.settings.config): chat_template as a string, or the `default` (else the first) of a list of named templates; BOS/EOS as text. */
export function chatTemplateOf(config: unknown): ChatTemplateSpec | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const fields = config as Record<string, unknown>;
  const value = fields.chat_template;
  const named = Array.isArray(value) ? (value as unknown[]).filter((each): each is { name?: unknown; template: string } => typeof each === 'object' && each !== null && typeof (each as { template?: unknown }).template === 'string') : [];
  const template = typeof value === 'string' ? value : (named.find((each) => each.name === 'default') ?? named[0])?.template;
  if (template === undefined || template === '') return undefined;
  const text = (token: unknown): string | undefined =>
    typeof token === 'string' ? token : typeof token === 'object' && token !== null && typeof (token as { content?: unknown }).content === 'string' ? (token as { content: string }).content : undefined;
  return { template, bosToken: text(fields.bos_token), eosToken: text(fields.eos_token) };
}

/** How a tokenizer frames a chat, and how it reads the pieces counted. */
export interface TokenizerChatFraming {
  readonly framing: ChatFraming;
  readonly countText: CountText;
  /** Whether the framing is the model's own chat_template (else the OpenAI rules). */
  readonly templated: boolean;
}

/**
 * An open model's own chat_template, whose rendered prompt is read as the model's tokenizer reads it
 * (special-token text as the special tokens); else the OpenAI rules, where the API reads message text
 * as text. Throws a one-line Error when the template does not parse. The CLI counts with it; the
 * editor has the template rendered in its worker (chatTemplateOfTokenizer, chatCountText).
 */
export function chatFramingOf(tokenizer: TextTokenizer): TokenizerChatFraming {
  const spec = chatTemplateOfTokenizer(tokenizer);
  if (spec) return { framing: templateChatFraming(spec), countText: chatCountText(tokenizer, true), templated: true };
  return { framing: openAiChatFraming, countText: chatCountText(tokenizer, false), templated: false };
}

/** The tokenizer's own chat_template (an open model's, when it declares one). */
export function chatTemplateOfTokenizer(tokenizer: TextTokenizer): ChatTemplateSpec | undefined {
  return tokenizer instanceof HfTokenizer ? chatTemplateOf(tokenizer.data.settings.config) : undefined;
}

/** How the pieces of a chat are counted: a rendered template as the model reads it (special-token text as the special tokens), else as text. */
export function chatCountText(tokenizer: TextTokenizer, templated: boolean): CountText {
  return templated ? (text) => tokenizer.count(text, { allowSpecial: true }) : (text) => tokenizer.count(text);
}
