/**
 * How an open model frames a chat: its own Jinja `chat_template` from tokenizer_config.json,
 * rendered with @huggingface/jinja (a maintained implementation, never a hand-written one) and
 * counted. The total is the rendered prompt's tokens with the reply's header
 * (`add_generation_prompt`); content is the message text; framing is the rest: what the
 * template adds (headers, end markers, a default system prompt).
 *
 * Per message, framing is what rendering the chat up to that message adds beyond the previous
 * render and the message's text; the reply's header is `priming`. The parts add up to the
 * framing exactly. Rendering every prefix costs n renders of up to the whole chat, so past
 * PREFIX_BUDGET rendered characters the framing is one part on the first message.
 *
 * countText must read special-token text as the special tokens (as the model's tokenizer reads
 * a rendered template).
 */
import { Environment, Interpreter, Template } from '@huggingface/jinja';
import type { ChatCount, ChatFraming, CountText, FramingPart } from './countChat';
import type { ChatRequest } from './types';

export interface ChatTemplateSpec {
  readonly template: string;
  readonly bosToken?: string;
  readonly eosToken?: string;
}

/** Characters rendered, over all prefixes, past which framing is not split per message. */
export const PREFIX_BUDGET = 400_000;

function oneLine(error: unknown): string {
  return `chat_template: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
}

/**
 * Steps (template nodes evaluated, loop bodies entered) one render may take. A long chat takes a few
 * thousand (Llama 3's template, 100 messages: ~2,000 nodes); a hostile template (a loop over range(3000)
 * inside one over range(1000), macros calling themselves twice) would hold the thread for seconds to hours.
 */
export const RENDER_STEPS = 100_000;

/** Items a list may hold while a template renders (range() included): more than its steps could ever visit. */
export const RENDER_ITEMS = RENDER_STEPS;
/** Characters a string may hold while a template renders, beyond four times the chat's text (a template frames it, it does not multiply it). */
export const RENDER_CHARS = 1_000_000;

/** A template that took more than RENDER_STEPS to render, or grew a value past its limit: it is not used again (the chat is counted without it). */
export class TemplateBudgetError extends Error {
  constructor(what = `stopped after ${RENDER_STEPS.toLocaleString('en-US')} steps (a template that loops or recurses this much is not rendered)`) {
    super(`chat_template: ${what}`);
  }
}

function grewPast(limit: number, what: string): TemplateBudgetError {
  return new TemplateBudgetError(`stopped when a value grew past ${limit.toLocaleString('en-US')} ${what} (a template that builds this much is not rendered)`);
}

// A template is untrusted (anyone publishes models) and @huggingface/jinja cannot bound a render: the two
// methods of its interpreter that every node and every loop iteration pass through are counted, and what each
// gives is measured, for renders made here (the limits are finite only during one). A single step can still
// build a huge value (range(10**9), a list or string doubled at each step): those stop at the first step past a limit.
const limits = { steps: Infinity, chars: Infinity };
const interpreter = Interpreter.prototype as unknown as Record<'evaluate' | 'evaluateBlock', (...args: unknown[]) => unknown>;
for (const method of ['evaluate', 'evaluateBlock'] as const) {
  const original = interpreter[method];
  interpreter[method] = function (this: unknown, ...args: unknown[]) {
    if (--limits.steps < 0) throw new TemplateBudgetError();
    const result = original.apply(this, args) as { value?: unknown } | undefined;
    const value = result?.value;
    if (typeof value === 'string' && value.length > limits.chars) throw grewPast(limits.chars, 'characters');
    if (Array.isArray(value) && value.length > RENDER_ITEMS && limits.steps !== Infinity) throw grewPast(RENDER_ITEMS, 'items');
    return result;
  };
}
// range() makes its whole list in one step: the length is checked first.
const environment = Environment.prototype as unknown as { set(name: string, value: unknown): unknown };
const set = environment.set;
environment.set = function (this: unknown, name: string, value: unknown) {
  return set.call(this, name, name === 'range' && typeof value === 'function' ? boundedRange(value as (...args: unknown[]) => unknown) : value);
};

function boundedRange(range: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const [start, stop, step = 1] = (args[1] === undefined ? [0, args[0]] : args) as number[];
    const length = step > 0 ? (stop - start) / step : step < 0 ? (start - stop) / -step : 0;
    if (length > RENDER_ITEMS && limits.steps !== Infinity) throw grewPast(RENDER_ITEMS, 'items');
    return range(...args);
  };
}

/** A request's message as a template reads it. */
export interface TemplateMessage {
  readonly role: string;
  readonly content: string;
  readonly name?: string;
}

/**
 * What counting one request takes from its template: its renders. The editor has them made in its
 * worker, where a slow template holds up nothing else; they are plain strings, so they cross threads.
 */
export interface ChatRenders {
  /** The chat rendered without the reply's header. */
  readonly whole: string;
  /** With it (add_generation_prompt). */
  readonly prompt: string;
  /** The chat up to each message but the last, for the framing per message; undefined past PREFIX_BUDGET or COUNT_STEPS. */
  readonly prefixes: readonly string[] | undefined;
}

/** Renders a request's messages with a template; throws TemplateBudgetError past the budgets, a one-line Error when the template refuses the chat. */
export type ChatRenderer = (messages: readonly TemplateMessage[]) => ChatRenders;

/** The framing of `spec`'s template, rendered here; throws a one-line Error when the template does not parse. */
export function templateChatFraming(spec: ChatTemplateSpec): ChatFraming {
  const render = chatRenderer(spec);
  return { countRequest: (request, countText) => countRendered(request, render(templateMessages(request)), countText) };
}

/** A request's messages as its template reads them. */
export function templateMessages(request: ChatRequest): TemplateMessage[] {
  return request.messages.map((message) => ({
    role: message.role,
    content: message.content.map((piece) => piece.text).join(''),
    ...(message.name ? { name: message.name.text } : {}),
  }));
}

/** `spec`'s template as a ChatRenderer; throws a one-line Error when it does not parse. */
export function chatRenderer(spec: ChatTemplateSpec): ChatRenderer {
  let template: Template;
  try {
    template = new Template(spec.template);
  } catch (error) {
    throw new Error(oneLine(error));
  }
  const render: Render = (messages, generation, budget) => {
    limits.steps = Math.min(budget.steps, RENDER_STEPS);
    limits.chars = RENDER_CHARS + 4 * messages.reduce((sum, message) => sum + JSON.stringify(message).length, 0);
    try {
      return template.render({ messages, add_generation_prompt: generation, bos_token: spec.bosToken ?? '', eos_token: spec.eosToken ?? '' });
    } catch (error) {
      throw error instanceof TemplateBudgetError ? error : new Error(oneLine(error));
    } finally {
      budget.steps -= Math.min(budget.steps, RENDER_STEPS) - Math.max(limits.steps, 0);
      limits.steps = Infinity;
      limits.chars = Infinity;
    }
  };
  return (messages) => renderAll(messages, render);
}

/** Renders a chat (with the reply's header when `generation`), taking its steps from `budget` (RENDER_STEPS at most). */
type Render = (messages: readonly TemplateMessage[], generation: boolean, budget: { steps: number }) => string;

/**
 * Steps all the renders of one count may take: two whole renders, and the renders of every prefix (for the
 * framing per message) share what those leave. Past it the framing is one part, as past PREFIX_BUDGET: a
 * template near RENDER_STEPS rendered once per message took 16 s on the extension host for 40 messages.
 */
export const COUNT_STEPS = 2 * RENDER_STEPS;

function renderAll(messages: readonly TemplateMessage[], render: Render): ChatRenders {
  const budget = { steps: COUNT_STEPS };
  const whole = render(messages, false, budget);
  const prompt = render(messages, true, budget);
  // Past either budget, all the framing is the first message's.
  let prefixes: string[] | undefined;
  if (messages.length * whole.length <= PREFIX_BUDGET) {
    try {
      prefixes = messages.slice(0, -1).map((_, i) => render(messages.slice(0, i + 1), false, budget));
    } catch (error) {
      if (!(error instanceof TemplateBudgetError)) throw error;
    }
  }
  return { whole, prompt, prefixes };
}

/** A request counted from its renders: the total is the prompt's tokens, content the messages' text, framing the rest. */
export function countRendered(request: ChatRequest, { whole, prompt, prefixes }: ChatRenders, countText: CountText): ChatCount {
  const contents = templateMessages(request).map((message) => (message.content ? countText(message.content) : 0));
  const total = countText(prompt);
  const withoutReply = countText(whole);
  const content = contents.reduce((a, b) => a + b, 0);
  const end = { start: request.range.end, end: request.range.end };
  const parts: FramingPart[] = [];
  let framings = contents.map((_, i) => (i === 0 ? withoutReply - content : 0));
  if (prefixes) {
    let previous = 0;
    framings = contents.map((contentTokens, i) => {
      const rendered = i === contents.length - 1 ? withoutReply : countText(prefixes[i]);
      const framing = rendered - previous - contentTokens;
      previous = rendered;
      return framing;
    });
  }
  // A template with no message at all (or none rendered) still frames the request.
  if (request.messages.length === 0 && withoutReply !== 0) parts.push({ kind: 'message', tokens: withoutReply, range: end });
  request.messages.forEach((message, i) => parts.push({ kind: 'message', tokens: framings[i], range: message.roleRange }));
  parts.push({ kind: 'priming', tokens: total - withoutReply, range: end });
  return {
    total,
    content,
    framing: total - content,
    framingParts: parts,
    messages: contents.map((contentTokens, i) => ({ content: contentTokens, framing: framings[i] })),
  };
}
