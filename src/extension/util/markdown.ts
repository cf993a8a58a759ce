/** Text from files, settings and models put into Markdown (hovers, the status bar tooltip) so that it shows as it is. */

/** Markdown inline code that shows any text literally, backticks included. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/** Text shown as it is in Markdown: a folder, model or corpus name may hold `*`, `_`, `[`… (`my_notes*.md`). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&');
}
