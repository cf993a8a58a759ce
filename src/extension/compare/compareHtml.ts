import * as vscode from 'vscode';
import { visibleWhitespace } from '../../core/text/visible';
import type { ComparedTokenization } from '../../core/tokenizer/compare';
import { Colors } from '../constants';
import { formatDecimal, formatInteger } from '../util/format';

export interface CompareView {
  /** The document compared, as the user knows it (workspace-relative), and whether only its selection. */
  readonly source: { readonly name: string; readonly selection: boolean };
  readonly text: string;
  readonly tokenizations: readonly ComparedTokenization[];
  /** The window each tokenization is measured against, in their order; `note` when it stands in for an open model's unknown one. */
  readonly contextWindows: readonly { readonly model: string; readonly tokens: number; readonly note?: string }[];
  /** Set when the text was cut to fit the view. */
  readonly cutAt?: number;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Marks for whitespace and invisible characters, as in the panel's strip: a raw U+202E would reverse the tokens after it. Line breaks stay. */
const visible = (text: string) => escape(text.split(/\r?\n/).map(visibleWhitespace).join('↵\n'));

/**
 * The comparison as a static page: no script at all, one inline stylesheet allowed by nonce, and
 * every piece of text escaped. Tokens take the editor's eight token colours in turn; tokens whose boundaries another
 * tokenizer does not share are outlined.
 */
export function compareHtml(view: CompareView, nonce: string, language: string): string {
  const policy = `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;
  const sections = view.tokenizations.map((tokenization, column) => {
    let position = 0;
    const pieces = tokenization.tokens.map((token, index) => {
      // Tokens that share a character (part of its UTF-8 bytes each) show it once, in the first.
      const piece = token.end > position ? view.text.slice(Math.max(position, token.start), token.end) : '';
      position = Math.max(position, token.end);
      const classes = `t t${index % Colors.tokenBackgrounds.length}${token.differs ? ' differs' : ''}${piece.includes('\n') ? ' breaks' : ''}`;
      return `<span class="${classes}" title="${escape(`id ${token.id} · ${token.start}–${token.end}`)}">${visible(piece)}</span>`;
    });
    const contextWindow = view.contextWindows[column];
    const share = contextWindow.tokens > 0 ? (100 * tokenization.count) / contextWindow.tokens : 0;
    const stats = [
      vscode.l10n.t('{0} tokens', formatInteger(tokenization.count)),
      vscode.l10n.t('{0} characters per token', tokenization.count > 0 ? formatDecimal(tokenization.charactersPerToken, 2) : '—'),
      vscode.l10n.t('{0}% of the {1} context window', formatDecimal(share, 3), contextWindow.model),
      vscode.l10n.t('{0} tokens with boundaries the others lack', formatInteger(tokenization.differing)),
    ];
    const note = contextWindow.note === undefined ? '' : `<p class="notice">${escape(contextWindow.note)}</p>`;
    return `<section><h2>${escape(tokenization.name)}</h2><p class="stats">${stats.map(escape).join(' · ')}</p>${note}<div class="strip">${pieces.join('')}</div></section>`;
  });
  const source = view.source.selection ? vscode.l10n.t('Selection in {0}', view.source.name) : vscode.l10n.t('Whole document: {0}', view.source.name);
  const cut = view.cutAt === undefined ? '' : `<p class="notice">${escape(vscode.l10n.t('The first {0} characters of the text are compared.', formatInteger(view.cutAt)))}</p>`;
  return `<!DOCTYPE html>
<html lang="${escape(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escape(policy)}">
<title>${escape(vscode.l10n.t('Token Lens: Compare Tokenizers'))}</title>
<style nonce="${escape(nonce)}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
.strip { font-family: var(--vscode-editor-font-family); white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.9; }
/* Each token is one box, so lines break between tokens; only a token wider than the strip wraps inside. Tokens holding a line break stay inline, or the next line would start after their box. */
.t { display: inline-block; max-width: 100%; line-height: 1.3; }
.t.breaks { display: inline; }
${Colors.tokenBackgrounds.map((id, k) => `.t${k} { background: var(--vscode-${id.replace('.', '-')}); }`).join('\n')}
.differs { outline: 1px solid var(--vscode-editorWarning-foreground); outline-offset: -1px; }
.source { margin: 0.8em 0 0; font-weight: 600; }
.stats, .notice { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<p class="source">${escape(source)}</p>
${cut}
${sections.join('\n')}
</body>
</html>`;
}
