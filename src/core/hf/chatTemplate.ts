/** The chat template an open model declares in tokenizer_config.json, for chat counts (core/chat/templateFraming.ts). */
import type { ChatTemplateSpec } from '../chat/templateFraming';

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
