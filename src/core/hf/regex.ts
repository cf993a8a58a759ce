/**
 * Translates the Oniguruma patterns of `tokenizer.json` files (`Split` pre-tokenizers) into
 * JavaScript `u`-flag regular expressions, with Hugging Face's meaning: `\s` is Unicode
 * White_Space, `(?i:…)` folds ASCII letters, `.` is anything but `\n`, `^`/`$` are line anchors.
 * Syntax JavaScript cannot express (possessive quantifiers, atomic groups, inline flags other
 * than `(?i:`, class intersections, POSIX brackets) is rejected with the reason, never guessed.
 */

export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

const WHITE_SPACE = '\\p{White_Space}';
const NOT_WHITE_SPACE = '\\P{White_Space}';
/** Escapes with the same meaning in both syntaxes. */
const SAME_ESCAPES = new Set(['n', 'r', 't', 'f', 'v', 'p', 'P', 'x', 'u', '0']);
/** Characters JavaScript's `u` mode lets (and, outside classes, makes) us escape. */
const SYNTAX = '^$\\.*+?()[]{}|/-';

/** The JavaScript source for an Oniguruma `pattern`; throws PatternError naming what cannot be translated. */
export function translatePattern(pattern: string): string {
  let out = '';
  let fold = false;
  const folds: boolean[] = [];
  let canQuantify = false;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === '\\') {
      const [text, length] = translateEscape(pattern, i, false);
      out += fold ? foldAscii(text) : text;
      i += length;
      canQuantify = true;
      continue;
    }
    if (c === '[') {
      const [text, length] = translateClass(pattern, i, fold);
      out += text;
      i += length;
      canQuantify = true;
      continue;
    }
    if (c === '(') {
      const rest = pattern.slice(i);
      const prefix = /^\((?:\?(?::|=|!|<=|<!|i:|<[A-Za-z]\w*>))?/.exec(rest)?.[0] ?? '(';
      if (prefix === '(' && rest.startsWith('(?')) throw unsupported(pattern, i, `group syntax "${rest.slice(0, 4)}"`);
      folds.push(fold);
      if (prefix === '(?i:') fold = true;
      out += prefix === '(?i:' ? '(?:' : prefix;
      i += prefix.length;
      canQuantify = false;
      continue;
    }
    if (c === ')') {
      if (folds.length === 0) throw unsupported(pattern, i, 'an unbalanced ")"');
      fold = folds.pop() ?? false;
      out += ')';
      i++;
      canQuantify = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      const quantifier = c === '{' ? /^\{(\d*)(,?)(\d*)\}/.exec(pattern.slice(i)) : [c];
      if (c === '{' && (!quantifier || (quantifier[1] === '' && quantifier[3] === ''))) {
        out += '\\{'; // a literal brace, as Oniguruma reads it
        i++;
        canQuantify = true;
        continue;
      }
      if (!canQuantify || !quantifier) throw unsupported(pattern, i, `a quantifier "${c}" with nothing to repeat`);
      let text = quantifier[0];
      if (c === '{' && quantifier[1] === '') text = `{0,${quantifier[3]}}`;
      i += quantifier[0].length;
      if (pattern[i] === '?') {
        text += '?';
        i++;
      } else if (pattern[i] === '+') {
        throw unsupported(pattern, i, 'a possessive quantifier');
      }
      out += text;
      canQuantify = false;
      continue;
    }
    if (c === '.') out += '[^\\n]';
    else if (c === '^') out += '(?<![^\\n])';
    else if (c === '$') out += '(?![^\\n])';
    else if (c === '|') out += '|';
    else if (c === '}' || c === ']' || c === '/') out += `\\${c}`;
    else {
      const codePoint = pattern.codePointAt(i) ?? 0;
      const character = String.fromCodePoint(codePoint);
      out += fold ? foldAscii(character) : character;
      i += character.length;
      canQuantify = true;
      continue;
    }
    canQuantify = c !== '^' && c !== '$' && c !== '|';
    i++;
  }
  if (folds.length > 0) throw unsupported(pattern, pattern.length, 'an unclosed "("');
  try {
    new RegExp(out, 'gu');
  } catch (error) {
    throw new PatternError(`pattern ${JSON.stringify(pattern)} is not a valid regular expression here: ${(error as Error).message}`);
  }
  return out;
}

function unsupported(pattern: string, at: number, what: string): PatternError {
  return new PatternError(`pattern ${JSON.stringify(pattern)} uses ${what} at index ${at}, which Token Lens cannot run`);
}

/** `[xX]` for an ASCII letter (under `(?i:`), anything else unchanged. */
function foldAscii(text: string): string {
  return /^[A-Za-z]$/.test(text) ? `[${text.toLowerCase()}${text.toUpperCase()}]` : text;
}

/** One escape at `i`: its JavaScript text and the source length it used. */
function translateEscape(pattern: string, i: number, inClass: boolean): [string, number] {
  const next = pattern[i + 1];
  if (next === undefined) throw unsupported(pattern, i, 'a trailing "\\"');
  if (next === 'p' || next === 'P') {
    const body = /^\\[pP]\{(\^?)([A-Za-z_=]+)\}/.exec(pattern.slice(i));
    if (!body) throw unsupported(pattern, i, 'a malformed \\p{…}');
    const negated = (next === 'P') !== (body[1] === '^');
    const name = body[2];
    const js = `\\${negated ? 'P' : 'p'}{${name}}`;
    if (!isPropertyEscape(js)) {
      const script = `\\${negated ? 'P' : 'p'}{Script=${name}}`;
      if (isPropertyEscape(script)) return [script, body[0].length];
      throw unsupported(pattern, i, `the unknown property "${name}"`);
    }
    return [js, body[0].length];
  }
  if (next === 'x' && pattern[i + 2] === '{') {
    const body = /^\\x\{([0-9A-Fa-f]{1,6})\}/.exec(pattern.slice(i));
    if (!body) throw unsupported(pattern, i, 'a malformed \\x{…}');
    return [`\\u{${body[1]}}`, body[0].length];
  }
  if (next === 's') return [WHITE_SPACE, 2];
  if (next === 'S') return [NOT_WHITE_SPACE, 2];
  if (next === 'd') return ['\\p{Nd}', 2];
  if (next === 'D') return ['\\P{Nd}', 2];
  if (SAME_ESCAPES.has(next)) return [`\\${next}`, 2];
  if (!inClass && next === 'A') return ['(?<![\\s\\S])', 2];
  if (!inClass && next === 'z') return ['(?![\\s\\S])', 2];
  if (/[A-Za-z0-9]/.test(next)) throw unsupported(pattern, i, `the escape "\\${next}"`);
  const character = String.fromCodePoint(pattern.codePointAt(i + 1) ?? 0);
  return [SYNTAX.includes(character) ? `\\${character}` : character, 1 + character.length];
}

/** A character class at `i` (nested classes, `&&` and POSIX brackets are rejected). */
function translateClass(pattern: string, i: number, fold: boolean): [string, number] {
  let out = '[';
  let k = i + 1;
  if (pattern[k] === '^') {
    out += '^';
    k++;
  }
  let first = true;
  while (k < pattern.length) {
    const c = pattern[k];
    if (c === ']' && !first) return [out + ']', k + 1 - i];
    first = false;
    if (c === '\\') {
      const [text, length] = translateEscape(pattern, k, true);
      out += text;
      k += length;
      continue;
    }
    if (c === '[') throw unsupported(pattern, k, 'a nested character class or POSIX bracket');
    if (c === '&' && pattern[k + 1] === '&') throw unsupported(pattern, k, 'a character-class intersection');
    const character = String.fromCodePoint(pattern.codePointAt(k) ?? 0);
    if (fold && /[A-Za-z]/.test(character)) throw unsupported(pattern, k, 'a letter in a character class under (?i:');
    if (character === '-') {
      const atEdge = pattern[k + 1] === ']' || out.endsWith('[') || out.endsWith('[^');
      out += atEdge ? '\\-' : '-';
    } else out += character === ']' || character === '/' || character === '[' ? `\\${character}` : character;
    k += character.length;
  }
  throw unsupported(pattern, i, 'an unterminated character class');
}

function isPropertyEscape(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
