import * as vscode from 'vscode';
import { type Segment, type SegmentToken, characterSegments, hexBytes } from '../../core/tokenizer/segments';
import { visibleWhitespace } from '../../core/text/visible';
import type { DocumentState, DocumentTokens } from '../documents/documentTokens';
import { type VisibleToken, tokensInRange } from '../highlight/visibleTokens';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';
import { codeSpan } from '../util/markdown';

/** At most this many tokens are listed for the word under the cursor. */
const MAX_TOKENS = 12;

/** Extra hover sections (the embedding vectors), given the tokens shown. */
export interface HoverSection {
  render(
    document: vscode.TextDocument,
    tokens: readonly VisibleToken[],
    cancellation: vscode.CancellationToken,
    /** Offset of the cursor: the section may describe only the tokens there. */
    cursor: number,
  ): Promise<vscode.MarkdownString | undefined>;
}

/**
 * Hovering text shows the tokens of the word under the cursor (or the token there): the
 * piece with whitespace made visible, its id and index, and for tokens that hold part of a
 * character, the bytes grouped into the character they form.
 */
export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly documents: DocumentTokens,
    private readonly tokenizer: TokenizerService,
    private readonly sections: readonly HoverSection[] = [],
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    cancellation: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    let state: DocumentState | undefined = this.documents.get(document);
    if (!state && this.tokenizer.loading) {
      await this.tokenizer.load();
      state = this.documents.get(document);
    }
    if (!state || cancellation.isCancellationRequested) return undefined;
    const offset = document.offsetAt(position);
    // The word's tokens, and always the token under the cursor (the word may only touch it).
    const word = document.getWordRangeAtPosition(position);
    const from = Math.min(word ? document.offsetAt(word.start) : offset, offset);
    const to = Math.max(word ? document.offsetAt(word.end) : offset, offset + 1);
    // Positions count from the start of the document: wait for the first pass to get here.
    state = (await this.documents.whenReached(document, to, cancellation)) ?? state;
    if (cancellation.isCancellationRequested) return undefined;
    const tokens = tokensInRange(state, from, to).slice(0, MAX_TOKENS);
    if (tokens.length === 0) return undefined;
    const markdown = this.describe(state, tokens, offset);
    const parts = [markdown];
    for (const section of this.sections) {
      const part = await section.render(document, tokens, cancellation, offset);
      if (part) parts.push(part);
    }
    const range = new vscode.Range(document.positionAt(tokens[0].start), document.positionAt(tokens[tokens.length - 1].end));
    return new vscode.Hover(parts, range);
  }

  private describe(state: DocumentState, tokens: readonly VisibleToken[], offset: number): vscode.MarkdownString {
    const markdown = new vscode.MarkdownString();
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    const first = tokens[0].index;
    const last = tokens[tokens.length - 1].index;
    const heading =
      tokens.length === 1
        ? vscode.l10n.t('1 token')
        : first !== undefined && last !== undefined
          ? vscode.l10n.t('{0} tokens at positions {1}–{2}', formatInteger(tokens.length), formatInteger(first), formatInteger(last))
          : vscode.l10n.t('{0} tokens', formatInteger(tokens.length));
    const segments = characterSegments(
      state.encoder,
      tokens.map((token, i) => ({ ...token, index: token.index ?? -1 - i })),
    );
    // One line per token would push the vectors out of the hover: several tokens share one line.
    const entries = segments.flatMap((segment) => segment.tokens.map((token) => this.describeToken(state, segment, token, offset, tokens.length === 1)));
    const notes = segments.flatMap((segment) => (segment.splitsCharacters ? [this.describeSplit(state, segment)] : []));
    markdown.appendMarkdown(
      [`**${vscode.l10n.t('Token Lens')}** · \`${state.encoder.name}\` · ${heading}`, tokens.length === 1 ? entries[0] : vscode.l10n.t('ids: {0}', entries.join(' · ')), ...notes].join('  \n') + '\n\n',
    );
    return markdown;
  }

  /** `alone`: the only token says "id" and its position; several share the word "ids" and the range in the heading. */
  private describeToken(state: DocumentState, segment: Segment, token: SegmentToken, offset: number, alone: boolean): string {
    const here = token.start <= offset && offset < token.end;
    const piece = segment.splitsCharacters ? `⟨${hexBytes(token.bytes)}⟩` : visibleWhitespace(state.source.slice(token.start, token.end));
    const label = token.special ? `${vscode.l10n.t('special token')} ` : alone ? `${vscode.l10n.t('id')} ` : '';
    const index = alone && token.index >= 0 ? ` · ${vscode.l10n.t('position {0}', formatInteger(token.index))}` : '';
    return `${here ? '▶ ' : ''}${codeSpan(piece)} ${alone ? '— ' : ''}${label}**${token.id}**${index}`;
  }

  private describeSplit(state: DocumentState, segment: Segment): string {
    const text = state.source.slice(segment.start, segment.end);
    const allBytes = segment.tokens.map((token) => hexBytes(token.bytes)).join(' | ');
    return vscode.l10n.t('These tokens split characters: {0} is bytes {1}', codeSpan(visibleWhitespace(text)), codeSpan(allBytes));
  }
}
