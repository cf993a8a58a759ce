import * as vscode from 'vscode';
import type { ClampedSetting } from './config';
import type { Log } from './log';
import { Disposable } from './util/dispose';
import { formatInteger } from './util/format';

/** What a warning is about: a setting out of range, or weights the extension reads. */
export type WarningTopic = 'settings' | 'weights';

/**
 * Says each warning once, in the Token Lens log and a warning message: settings out of
 * range and the value used instead (settings are read on every hover), weights holding NaN or
 * ±Infinity (asked on every hover).
 */
export class SettingWarnings extends Disposable {
  private readonly seen = new Set<string>();
  private readonly messages: Record<WarningTopic, string[]> = { settings: [], weights: [] };

  constructor(private readonly log: Pick<Log, 'warn'>) {
    super();
  }

  /** Everything said so far about `topic`, oldest first. */
  said(topic: WarningTopic): readonly string[] {
    return this.messages[topic];
  }

  report(clamped: ClampedSetting): void {
    const found = typeof clamped.found === 'number' ? String(clamped.found) : JSON.stringify(clamped.found) ?? String(clamped.found);
    this.once('settings', `${clamped.id}=${found}`, () =>
      vscode.l10n.t(
        '{0} is {1}; expected a whole number from {2} to {3}. Using {4}.',
        clamped.id,
        found,
        formatInteger(clamped.range.min),
        formatInteger(clamped.range.max),
        formatInteger(clamped.used),
      ),
    );
  }

  /** Says `message` unless something was already said under `key`. */
  once(topic: WarningTopic, key: string, message: () => string): void {
    const seenKey = `${topic}:${key}`;
    if (this.seen.has(seenKey) || this.isDisposed) return;
    this.seen.add(seenKey);
    const text = message();
    this.messages[topic].push(text);
    this.log.warn(text);
    void vscode.window.showWarningMessage(vscode.l10n.t('Token Lens: {0}', text));
  }
}
