import * as vscode from 'vscode';
import type { ClampedSetting } from './config';
import { Disposable } from './util/dispose';
import { formatInteger } from './util/format';

/**
 * Says once per setting and value, in the Token Lens output channel and a warning, that a
 * setting was out of range and which value is used instead (settings are read on every hover).
 */
export class SettingWarnings extends Disposable {
  private readonly seen = new Set<string>();
  private readonly messages: string[] = [];
  private channel: vscode.OutputChannel | undefined;

  /** Everything said so far, oldest first. */
  get said(): readonly string[] {
    return this.messages;
  }

  report(clamped: ClampedSetting): void {
    const found = typeof clamped.found === 'number' ? String(clamped.found) : JSON.stringify(clamped.found) ?? String(clamped.found);
    const key = `${clamped.id}=${found}`;
    if (this.seen.has(key) || this.isDisposed) return;
    this.seen.add(key);
    const message = vscode.l10n.t(
      '{0} is {1}; expected a whole number from {2} to {3}. Using {4}.',
      clamped.id,
      found,
      formatInteger(clamped.range.min),
      formatInteger(clamped.range.max),
      formatInteger(clamped.used),
    );
    this.messages.push(message);
    this.channel ??= this._register(vscode.window.createOutputChannel('Token Lens'));
    this.channel.appendLine(message);
    void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: {0}', message));
  }
}
