import type * as vscode from 'vscode';

/** The text of the editor's non-empty selections, joined in document order; undefined when nothing is selected. */
export function selectedText(editor: vscode.TextEditor): string | undefined {
  const selections = editor.selections.filter((selection) => !selection.isEmpty);
  if (selections.length === 0) return undefined;
  selections.sort((a, b) => a.start.compareTo(b.start));
  return selections.map((selection) => editor.document.getText(selection)).join('');
}
