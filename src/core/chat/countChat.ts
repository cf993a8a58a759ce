/**
 * What an OpenAI chat-completion request costs in prompt tokens, split into the content the
 * user wrote and the framing the API adds around it, each framing part with its place in the
 * document. The rules match gpt-tokenizer's countChatCompletionTokens (the test oracle):
 *
 * - every message: 3 tokens, plus its role's tokens, plus its name's tokens + 1, plus for each
 *   function call its name's and arguments' tokens + 3; a `function` role message costs 2 less;
 * - every request: 3 tokens priming the reply (`<|start|>assistant<|message|>`);
 * - with functions: the rendered `namespace functions` block (functionFormat.ts) + 9, minus 4 when
 *   a system message is present, and the first system message is counted with a trailing newline;
 * - `function_call`/`tool_choice`: "none" costs 1, a named function its name's tokens + 4.
 *
 * Content is the message text and the function-call names and arguments; everything else is framing.
 * `tool_calls` are counted like `function_call` (an approximation the oracle does not cover).
 *
 * Open models frame chats with their own Jinja `chat_template`: that is a different `ChatFraming`
 * (templateFraming.ts, rendered with @huggingface/jinja), not a change to this one.
 */
import { formatFunctionDefinitions } from './functionFormat';
import type { ChatDocument, ChatRequest, SourceRange } from './types';

export type CountText = (text: string) => number;

export const MESSAGE_TOKENS = 3;
export const NAME_TOKENS = 1;
export const FUNCTION_ROLE_DISCOUNT = 2;
export const FUNCTION_CALL_TOKENS = 3;
export const FUNCTIONS_TOKENS = 9;
export const SYSTEM_WITH_FUNCTIONS_DISCOUNT = 4;
export const REPLY_PRIMING_TOKENS = 3;
export const FUNCTION_CHOICE_NONE_TOKENS = 1;
export const FUNCTION_CHOICE_NAMED_TOKENS = 4;

export type FramingKind = 'message' | 'role' | 'name' | 'functionCall' | 'functions' | 'functionChoice' | 'priming';

export interface FramingPart {
  readonly kind: FramingKind;
  readonly tokens: number;
  /** Where to show it: the role, name, call, functions or choice in the document; priming sits (empty) at the request's end. */
  readonly range: SourceRange;
}

export interface ChatCount {
  readonly total: number;
  readonly content: number;
  readonly framing: number;
  readonly framingParts: readonly FramingPart[];
  /** Per message, in document order across all requests. */
  readonly messages: readonly { readonly content: number; readonly framing: number }[];
}

/** How a family of models wraps a chat into tokens. */
export interface ChatFraming {
  countRequest(request: ChatRequest, countText: CountText): ChatCount;
}

export const openAiChatFraming: ChatFraming = { countRequest: countOpenAiRequest };

/** Adds the counts of every request in the document (JSONL has several). */
export function countChat(chat: ChatDocument, countText: CountText, framing: ChatFraming = openAiChatFraming): ChatCount {
  const counts = chat.requests.map((request) => framing.countRequest(request, countText));
  return {
    total: sum(counts.map((count) => count.total)),
    content: sum(counts.map((count) => count.content)),
    framing: sum(counts.map((count) => count.framing)),
    framingParts: counts.flatMap((count) => count.framingParts),
    messages: counts.flatMap((count) => count.messages),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function countOpenAiRequest(request: ChatRequest, countText: CountText): ChatCount {
  const count = (text: string | undefined) => (text ? countText(text) : 0);
  // Roles and names repeat in every message: count each once.
  const labels = new Map<string, number>();
  const countLabel = (text: string) => labels.get(text) ?? labels.set(text, count(text)).get(text) ?? 0;
  const parts: FramingPart[] = [];
  const frame = (kind: FramingKind, tokens: number, range: SourceRange) => {
    if (tokens !== 0) parts.push({ kind, tokens, range });
    return tokens;
  };
  const hasFunctions = request.functions.length > 0;
  const firstSystem = request.messages.find((message) => message.role === 'system');
  const messages = request.messages.map((message) => {
    let content = 0;
    let framing = frame('message', MESSAGE_TOKENS - (message.role === 'function' ? FUNCTION_ROLE_DISCOUNT : 0), message.roleRange);
    framing += frame('role', countLabel(message.role), message.roleRange);
    if (message.name?.text) framing += frame('name', countLabel(message.name.text) + NAME_TOKENS, message.name.range);
    message.content.forEach((piece, i) => {
      const tokens = count(piece.text);
      content += tokens;
      // With functions the first system message is sent with a newline at its end.
      const last = i === message.content.length - 1;
      if (hasFunctions && message === firstSystem && last && piece.text && !piece.text.endsWith('\n')) {
        framing += frame('functions', countText(`${piece.text}\n`) - tokens, { start: piece.range.end, end: piece.range.end });
      }
    });
    for (const call of message.functionCalls) {
      content += count(call.name?.text) + count(call.arguments?.text);
      framing += frame('functionCall', FUNCTION_CALL_TOKENS, call.range);
    }
    return { content, framing };
  });
  const end = { start: request.range.end, end: request.range.end };
  frame('priming', REPLY_PRIMING_TOKENS, end);
  if (hasFunctions) {
    const tokens = count(formatFunctionDefinitions(request.functions)) + FUNCTIONS_TOKENS - (firstSystem ? SYSTEM_WITH_FUNCTIONS_DISCOUNT : 0);
    frame('functions', tokens, request.functionsRange ?? end);
  }
  const choice = request.functionCall;
  const choiceRange = request.functionCallRange ?? end;
  if (choice.kind === 'none') frame('functionChoice', FUNCTION_CHOICE_NONE_TOKENS, choiceRange);
  else if (choice.kind === 'named' && choice.name) frame('functionChoice', count(choice.name) + FUNCTION_CHOICE_NAMED_TOKENS, choiceRange);
  const content = sum(messages.map((message) => message.content));
  const framing = sum(parts.map((part) => part.tokens));
  return { total: content + framing, content, framing, framingParts: parts, messages };
}
