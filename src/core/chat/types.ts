/** A document seen as the chat request(s) it holds, with where each piece came from. */
import { sourceOffset, type EscapeMap, type SourceRange } from './jsonTree';

export type { SourceRange } from './jsonTree';

/** request: one JSON request body; requests: JSONL, one per line; messages: a bare array; markdown: role headings. */
export type ChatSourceFormat = 'request' | 'requests' | 'messages' | 'markdown';

/** A piece of text the chat sends, and where it sits in the document. */
export interface ChatText {
  readonly text: string;
  /** The text's extent in the document (inside the quotes for a JSON string). */
  readonly range: SourceRange;
  /** Where the characters sit when the source has escapes (jsonTree's EscapeMap); undefined when text[i] is at range.start + i. */
  readonly escapes: EscapeMap | undefined;
}

/** Where `text[index]` (0 ≤ index ≤ text.length) sits in the document. */
export function documentOffset(piece: ChatText, index: number): number {
  return sourceOffset(piece.escapes, piece.range.start - 1, index);
}

export interface ChatFunctionCall {
  readonly name: ChatText | undefined;
  readonly arguments: ChatText | undefined;
  readonly range: SourceRange;
}

export interface ChatMessage {
  /** As written (system, developer, user, assistant, tool, function, …); lower-case from Markdown. */
  readonly role: string;
  /** The role's place: the `"role": "…"` value, or the Markdown heading line. */
  readonly roleRange: SourceRange;
  readonly name: ChatText | undefined;
  /** The text parts of the content (one for a string content, none for null). */
  readonly content: readonly ChatText[];
  /** `function_call`, or each of `tool_calls`. */
  readonly functionCalls: readonly ChatFunctionCall[];
  readonly range: SourceRange;
}

/** A JSON-schema property, reduced to what the API's function formatting reads. */
export interface ParameterSchema {
  readonly type: string | undefined;
  readonly description: string | undefined;
  /** Plain JSON values. */
  readonly enum: readonly unknown[] | undefined;
  readonly items: ParameterSchema | undefined;
  /** In document order. */
  readonly properties: readonly (readonly [string, ParameterSchema])[] | undefined;
  readonly required: readonly string[];
}

export interface FunctionDefinition {
  readonly name: string;
  readonly description: string | undefined;
  readonly parameters: ParameterSchema | undefined;
  readonly range: SourceRange;
}

/** `function_call` / `tool_choice`: auto (or absent) costs nothing, none and a named function do. */
export type FunctionCallOption =
  | { readonly kind: 'auto' }
  | { readonly kind: 'none' }
  | { readonly kind: 'named'; readonly name: string };

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** `functions`, or the function tools of `tools`. */
  readonly functions: readonly FunctionDefinition[];
  /** The `functions`/`tools` value; undefined when there is none. */
  readonly functionsRange: SourceRange | undefined;
  readonly functionCall: FunctionCallOption;
  readonly functionCallRange: SourceRange | undefined;
  /** The request's `model` field, if any (Markdown has none). */
  readonly model: string | undefined;
  /** The request's extent; for Markdown, the whole chat. */
  readonly range: SourceRange;
}

export interface ChatDocument {
  readonly format: ChatSourceFormat;
  readonly requests: readonly ChatRequest[];
  /** What is sent but not counted (image parts, …), one line each. */
  readonly warnings: readonly string[];
}

/** Either the chat, or a one-line reason the document is not one (the caller then counts plain text). */
export type ChatParse = { readonly ok: true; readonly chat: ChatDocument } | { readonly ok: false; readonly reason: string };
