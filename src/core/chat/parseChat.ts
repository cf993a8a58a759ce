/**
 * A document as a chat: an OpenAI chat-completion request body (JSON, or JSONL with one request
 * per line), a bare messages array, or a Markdown prompt with role headings (markdownChat.ts).
 * Anything else gets a one-line reason, and the caller counts the document as plain text.
 */
import { JsonSyntaxError, lineColumn, parseJsonTree, type JsonNode } from './jsonTree';
import { parseMarkdownChat } from './markdownChat';
import { ChatShapeError, describeNode, readMessages, readRequest } from './readRequest';
import type { ChatParse, ChatRequest } from './types';

/**
 * auto: JSON when the first non-blank character is `{` or `[` (and Markdown when that JSON is
 * invalid but the text has role headings, as a Markdown prompt starting with a link does),
 * Markdown otherwise. json and markdown (from the editor's language) try that one only.
 */
export type ChatFormatHint = 'auto' | 'json' | 'markdown';

export function parseChat(text: string, hint: ChatFormatHint = 'auto'): ChatParse {
  if (hint === 'markdown') return parseMarkdownChat(text);
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const first = text.slice(from).search(/\S/);
  if (hint === 'auto' && (first === -1 || !'{['.includes(text[from + first]))) return parseMarkdownChat(text);
  const json = parseJsonChat(text, from);
  if (json.ok || hint === 'json' || !json.reason.startsWith('not valid JSON')) return json;
  const markdown = parseMarkdownChat(text);
  return markdown.ok ? markdown : json;
}

function parseJsonChat(text: string, from: number): ChatParse {
  const warnings: string[] = [];
  const warn = (line: string) => void warnings.push(line);
  let root: JsonNode;
  try {
    root = parseJsonTree(text, from);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const lines = jsonLines(text, from);
    if (lines) return parseJsonLines(text, lines);
    return { ok: false, reason: `not valid JSON: ${error.message} at ${lineColumn(text, error.offset)}` };
  }
  try {
    if (root.kind === 'object') {
      return { ok: true, chat: { format: 'request', requests: [readRequest(root, '', warn)], warnings } };
    }
    if (root.kind === 'array' && root.items.length > 0) {
      const messages = readMessages(root, 'messages', warn);
      const request: ChatRequest = { messages, functions: [], functionsRange: undefined, functionCall: { kind: 'auto' }, functionCallRange: undefined, model: undefined, range: { start: root.start, end: root.end } };
      return { ok: true, chat: { format: 'messages', requests: [request], warnings } };
    }
    return { ok: false, reason: `not a chat: expected a request object with "messages" or a non-empty messages array, found ${root.kind === 'array' ? 'an empty array' : describeNode(root)}` };
  } catch (error) {
    return { ok: false, reason: shapeReason(error, text) };
  }
}

function shapeReason(error: unknown, text: string): string {
  if (!(error instanceof ChatShapeError)) throw error;
  return `not a chat request: ${error.message} at ${lineColumn(text, error.offset)}`;
}

interface Line {
  readonly start: number;
  readonly end: number;
  /** 1-based. */
  readonly number: number;
}

/** The non-blank lines, when the first of them is a whole JSON value by itself and there are two or more; else undefined. */
function jsonLines(text: string, from: number): Line[] | undefined {
  const lines: Line[] = [];
  for (let start = from, number = 1; start <= text.length; number++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (/\S/.test(text.slice(start, end))) lines.push({ start, end, number });
    start = end + 1;
  }
  if (lines.length < 2) return undefined;
  try {
    parseJsonTree(text, lines[0].start, lines[0].end);
    return lines;
  } catch {
    return undefined;
  }
}

function parseJsonLines(text: string, lines: readonly Line[]): ChatParse {
  const warnings: string[] = [];
  const requests: ChatRequest[] = [];
  for (const line of lines) {
    try {
      requests.push(readRequest(parseJsonTree(text, line.start, line.end), '', (warning) => warnings.push(`line ${line.number}: ${warning}`)));
    } catch (error) {
      if (error instanceof JsonSyntaxError) return { ok: false, reason: `not valid JSON Lines: ${error.message} at ${lineColumn(text, error.offset)}` };
      return { ok: false, reason: shapeReason(error, text) };
    }
  }
  return { ok: true, chat: { format: 'requests', requests, warnings } };
}
