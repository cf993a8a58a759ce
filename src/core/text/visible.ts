/**
 * Token text made visible: whitespace and invisible characters become marks a reader can
 * see, the way tokenizer playgrounds show them.
 */
const marks: Readonly<Record<string, string>> = {
  ' ': '·',
  '\t': '→',
  '\n': '↵',
  '\r': '␍',
  '\u00a0': '⍽',
  '\v': '␋',
  '\f': '␌',
};

export function visibleWhitespace(text: string): string {
  return text.replace(/[\s\p{Cf}\p{Cc}\p{Co}\p{Cn}\p{Cs}]/gu, (c) => {
    const mark = marks[c];
    if (mark) return mark;
    return `\\u{${c.codePointAt(0)?.toString(16).toUpperCase()}}`;
  });
}

/** Whether a token's text is only whitespace (these get markers in the editor). */
export function isWhitespaceOnly(text: string): boolean {
  return text.length > 0 && /^\s+$/u.test(text);
}
