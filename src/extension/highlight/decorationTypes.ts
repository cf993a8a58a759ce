import * as vscode from 'vscode';
import { Colors } from '../constants';

/** The decoration types, made once and rebuilt only when settings that shape them change. */
export class TokenDecorationTypes implements vscode.Disposable {
  /** One per palette colour; token k of the document uses palette[k % length]. */
  readonly palette: vscode.TextEditorDecorationType[];
  readonly special: vscode.TextEditorDecorationType;
  /** A dot over the first character of a token made only of spaces and tabs. */
  readonly spaceMarker: vscode.TextEditorDecorationType;
  /** "↵" after a line whose line break belongs to a whitespace-only token. */
  readonly lineBreakMarker: vscode.TextEditorDecorationType;
  /** Tokens past the model's context window. */
  readonly outsideContext: vscode.TextEditorDecorationType;

  constructor() {
    const outline = {
      outlineWidth: '1px',
      outlineStyle: 'solid',
      outlineColor: new vscode.ThemeColor(Colors.tokenBorder),
    };
    this.palette = Colors.tokenBackgrounds.map((color) =>
      vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(color),
        borderRadius: '2px',
        ...outline,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
    this.special = vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(Colors.specialBackground),
      color: new vscode.ThemeColor(Colors.specialForeground),
      fontWeight: 'bold',
      borderRadius: '2px',
      ...outline,
    });
    const marker = new vscode.ThemeColor(Colors.whitespaceMarker);
    // The dot overlaps the space it marks (negative margin) so nothing moves.
    this.spaceMarker = vscode.window.createTextEditorDecorationType({
      before: { contentText: '·', color: marker, margin: '0 -1ch 0 0', width: '1ch' },
    });
    this.lineBreakMarker = vscode.window.createTextEditorDecorationType({
      after: { contentText: '↵', color: marker },
    });
    this.outsideContext = vscode.window.createTextEditorDecorationType({
      opacity: '0.4',
    });
  }

  get all(): vscode.TextEditorDecorationType[] {
    return [...this.palette, this.special, this.spaceMarker, this.lineBreakMarker, this.outsideContext];
  }

  dispose(): void {
    for (const type of this.all) type.dispose();
  }
}
