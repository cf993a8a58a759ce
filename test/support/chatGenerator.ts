/**
 * Generated chat-completion requests for the chat differential tests: system/user/assistant
 * (and function) messages with names and function calls, function definitions with nested
 * parameter schemas, and every function_call option, all with generated text (non-ASCII,
 * special-token text, lone surrogates, whitespace runs).
 */
import { Random } from './random';
import { generateText } from './textGenerator';

export interface GeneratedRequest {
  messages: Record<string, unknown>[];
  functions?: Record<string, unknown>[];
  function_call?: unknown;
}

const IDENTIFIERS = ['get_weather', 'search', 'lookupOrder', 'send_email', 'calc', 'x', 'translate_text', 'fetchPage'];
const PROPERTY_NAMES = ['city', 'unit', 'query', 'limit', 'tags', 'options', 'when', 'id', 'to', 'body', 'nested_value'];
const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'array', 'object', 'unknownType'];

function schema(random: Random, depth: number): Record<string, unknown> {
  const type = random.pick(depth > 2 ? TYPES.slice(0, 5) : TYPES);
  const result: Record<string, unknown> = { type };
  if (random.next() < 0.5) result.description = generateText(random, 4);
  if ((type === 'string' || type === 'integer' || type === 'number') && random.next() < 0.3) {
    result.enum = Array.from({ length: 1 + random.int(4) }, () => (type === 'string' ? generateText(random, 2) : random.int(100) - 20));
  }
  if (type === 'array' && random.next() < 0.7) result.items = schema(random, depth + 1);
  if (type === 'object' && random.next() < 0.8) Object.assign(result, objectSchema(random, depth + 1));
  return result;
}

function objectSchema(random: Random, depth: number): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const count = random.int(5);
  for (let i = 0; i < count; i++) properties[random.pick(PROPERTY_NAMES)] = schema(random, depth);
  const names = Object.keys(properties);
  const result: Record<string, unknown> = { type: 'object', properties };
  if (names.length > 0 && random.next() < 0.7) result.required = names.filter(() => random.next() < 0.5);
  return result;
}

export function generateFunction(random: Random): Record<string, unknown> {
  const fn: Record<string, unknown> = { name: random.pick(IDENTIFIERS) };
  if (random.next() < 0.7) fn.description = generateText(random, 6);
  if (random.next() < 0.85) fn.parameters = objectSchema(random, 0);
  return fn;
}

function message(random: Random, functionNames: readonly string[]): Record<string, unknown> {
  const role = random.pick(['system', 'user', 'user', 'assistant', 'assistant', ...(functionNames.length > 0 ? ['function'] : [])]);
  const result: Record<string, unknown> = { role, content: random.next() < 0.05 ? '' : generateText(random, 16) };
  if (role === 'function') result.name = random.pick(functionNames);
  else if (random.next() < 0.15) result.name = random.pick(['alice', 'bob_2', 'Zoë', 'x']);
  if (role === 'assistant' && functionNames.length > 0 && random.next() < 0.3) {
    result.function_call = { name: random.pick(functionNames), arguments: JSON.stringify({ [random.pick(PROPERTY_NAMES)]: generateText(random, 3) }) };
    if (random.next() < 0.5) result.content = null;
  }
  return result;
}

export function generateRequest(random: Random, withFunctions = random.next() < 0.5): GeneratedRequest {
  const functions = withFunctions ? Array.from({ length: 1 + random.int(3) }, () => generateFunction(random)) : [];
  const names = functions.map((fn) => String(fn.name));
  const request: GeneratedRequest = { messages: Array.from({ length: 1 + random.int(6) }, () => message(random, names)) };
  if (random.next() < 0.4) request.messages[0].role = 'system';
  if (functions.length > 0) {
    request.functions = functions;
    const choice = random.int(4);
    if (choice === 1) request.function_call = 'auto';
    if (choice === 2) request.function_call = 'none';
    if (choice === 3) request.function_call = { name: random.pick(names) };
  }
  return request;
}

/** JSON.stringify with a random layout: compact, 2 spaces, or tabs. */
export function serialize(random: Random, value: unknown): string {
  return JSON.stringify(value, null, random.pick([undefined, 2, '\t']));
}
