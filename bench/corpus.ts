/**
 * Benchmark text from files every checkout has after `npm ci` (so runs are comparable):
 * prose from package READMEs, code from TypeScript's own sources, and CJK from TypeScript's
 * Chinese, Japanese and Korean diagnostic messages — interleaved in 4 KB pieces.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string, match: RegExp, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files(full, match, into);
    else if (match.test(entry.name)) into.push(full);
  }
  return into;
}

function pieces(paths: string[], size: number): string[] {
  const out: string[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  }
  return out;
}

/** About `length` characters: 45% prose, 40% code, 15% CJK, in 4 KB pieces taken in turn. */
export function mixedText(root: string, length: number): string {
  const modules = join(root, 'node_modules');
  const prose = pieces(files(modules, /\.md$/i), 4096);
  const code = pieces([...files(join(modules, 'typescript', 'lib'), /^(lib\..*\.d\.ts|typescript\.js|_tsc\.js)$/)], 4096);
  const cjk = pieces(['zh-cn', 'ja', 'ko', 'zh-tw'].map((lang) => join(modules, 'typescript', 'lib', lang, 'diagnosticMessages.generated.json')), 4096);
  const order = ['p', 'c', 'p', 'c', 'p', 'k', 'c', 'p', 'c', 'p', 'c', 'p', 'k', 'c', 'p', 'c', 'p', 'c', 'p', 'k'];
  const next = { p: 0, c: 0, k: 0 };
  const sources = { p: prose, c: code, k: cjk };
  const parts: string[] = [];
  let total = 0;
  for (let turn = 0; total < length; turn++) {
    const kind = order[turn % order.length] as 'p' | 'c' | 'k';
    const list = sources[kind];
    const piece = list[next[kind]++ % list.length];
    parts.push(piece);
    total += piece.length;
  }
  return parts.join('').slice(0, length);
}

/** Hostile single-chunk (or near) inputs: the cases that make naive BPE quadratic. */
export function hostileInputs(length: number): Record<string, string> {
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const pick = (alphabet: string) => alphabet[Math.floor(random() * alphabet.length)];
  const build = (make: () => string) => {
    let text = '';
    while (text.length < length) text += make();
    return text.slice(0, length);
  };
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const cjk = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持音';
  const js = ['var ', 'a', '=', 'function', '(', ')', '{', 'return ', ';', '}', '.', 'push', '[', ']', '+', '1', 'x', ',', '&&', 'e.exports', '"use strict"'];
  return {
    'a × 20,000': 'a'.repeat(length),
    'base64 blob': build(() => pick(base64)),
    'minified JS line': build(() => js[Math.floor(random() * js.length)]),
    'CJK, no spaces': build(() => pick(cjk)),
    digits: build(() => pick('0123456789')),
  };
}
