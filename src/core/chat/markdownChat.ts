/**
 * A Markdown prompt with role headings, read as a chat. The rules:
 *
 * - A role heading is an ATX heading line (up to 3 spaces of indent, 1 to 6 `#`, a space or tab,
 *   optional closing `#`s) whose text, trimmed and compared case-insensitively, is exactly one of
 *   `system`, `developer`, `user`, `assistant`. `## User` and `### assistant ###` are role headings;
 *   `## User notes`, `##user` and Setext headings (`user` over `---`) are not.
 * - The first role heading fixes the level: later role headings must have as many `#`s, so a
 *   `### user` inside a `## system` prompt is content. Other headings are always content.
 * - Lines inside fenced code blocks (``` or ~~~, CommonMark rules) are never headings.
 * - A message's content is the text from the line after its heading to the line before the next
 *   role heading (or the end), verbatim (Markdown is not rendered), without the blank lines at its
 *   start and end and without the line break that ends its last line. An empty message is allowed.
 * - Text before the first role heading (a title, front matter) is not sent and not counted; the
 *   chat carries a warning naming its lines when it is not blank.
 * - A document with no role heading is not a chat.
 */
import type { ChatMessage, ChatParse, ChatText } from './types';

export const MARKDOWN_ROLES = ['system', 'developer', 'user', 'assistant'] as const;

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const BLANK = /^[ \t]*$/;

interface Line {
  readonly start: number;
  /** End of the line's text, before \r\n or \n. */
  readonly end: number;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start <= text.length; ) {
    let next = text.indexOf('\n', start);
    if (next === -1) next = text.length;
    const end = next > start && text[next - 1] === '\r' ? next - 1 : next;
    lines.push({ start, end, text: text.slice(start, end) });
    start = next + 1;
  }
  return lines;
}

/** The role and level of a role-heading line, or undefined. */
export function roleHeading(line: string): { role: string; level: number } | undefined {
  const match = HEADING.exec(line);
  if (!match) return undefined;
  const role = (match[2] ?? '').trim().toLowerCase();
  return (MARKDOWN_ROLES as readonly string[]).includes(role) ? { role, level: match[1].length } : undefined;
}

interface Heading {
  readonly line: number;
  readonly role: string;
}

function findHeadings(lines: readonly Line[]): Heading[] {
  const headings: Heading[] = [];
  let fence: { char: string; length: number } | undefined;
  let level: number | undefined;
  lines.forEach((line, index) => {
    const fenceMatch = FENCE.exec(line.text);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence.char && fenceMatch[1].length >= fence.length && BLANK.test(fenceMatch[2])) fence = undefined;
      return;
    }
    // A backtick fence's info string cannot contain backticks (CommonMark); otherwise it is not a fence.
    if (fenceMatch && !(fenceMatch[1][0] === '`' && fenceMatch[2].includes('`'))) {
      fence = { char: fenceMatch[1][0], length: fenceMatch[1].length };
      return;
    }
    const heading = roleHeading(line.text);
    if (!heading || (level !== undefined && heading.level !== level)) return;
    level = heading.level;
    headings.push({ line: index, role: heading.role });
  });
  return headings;
}

export function parseMarkdownChat(text: string): ChatParse {
  const lines = splitLines(text);
  const headings = findHeadings(lines);
  if (headings.length === 0) {
    return { ok: false, reason: 'not a chat: no role heading (## system, ## user, ## assistant or ## developer) outside code blocks' };
  }
  const warnings: string[] = [];
  const preamble = lines.slice(0, headings[0].line);
  if (preamble.some((line) => !BLANK.test(line.text))) {
    warnings.push(`lines 1–${headings[0].line} before the first role heading are not sent and not counted`);
  }
  const messages = headings.map((heading, i): ChatMessage => {
    const headingLine = lines[heading.line];
    const stop = i + 1 < headings.length ? headings[i + 1].line : lines.length;
    let first = heading.line + 1;
    let last = stop - 1;
    while (first <= last && BLANK.test(lines[first].text)) first++;
    while (last >= first && BLANK.test(lines[last].text)) last--;
    const range = first <= last ? { start: lines[first].start, end: lines[last].end } : emptyAfter(lines, heading.line);
    const content: ChatText = { text: text.slice(range.start, range.end), range, escapes: undefined };
    const headingRange = { start: headingLine.start, end: headingLine.end };
    const end = stop < lines.length ? lines[stop].start : text.length;
    return { role: heading.role, roleRange: headingRange, name: undefined, content: [content], functionCalls: [], range: { start: headingLine.start, end } };
  });
  const range = { start: messages[0].range.start, end: text.length };
  return {
    ok: true,
    chat: {
      format: 'markdown',
      requests: [{ messages, functions: [], functionsRange: undefined, functionCall: { kind: 'auto' }, functionCallRange: undefined, model: undefined, range }],
      warnings,
    },
  };
}

/** Where an empty message's content sits: the start of the line after its heading (or the heading's end). */
function emptyAfter(lines: readonly Line[], headingLine: number): { start: number; end: number } {
  const at = headingLine + 1 < lines.length ? lines[headingLine + 1].start : lines[headingLine].end;
  return { start: at, end: at };
}
