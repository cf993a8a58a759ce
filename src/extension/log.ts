import * as vscode from 'vscode';
import { Disposable } from './util/dispose';

export type LogLevel = 'info' | 'warning' | 'error';

/** A line of the log as the tests read it back (the channel itself has no getter). */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
}

/** Lines kept for `entries()`: the channel keeps them all. */
const KEPT_ENTRIES = 500;

/**
 * The `Token Lens` log output channel: what the extension did (tokenizer loaded and how long it took,
 * model opened, training started and finished, settings used differently from written) and every error
 * it caught. One channel for everything; errors shown to the user go through `showError`.
 */
export class Log extends Disposable {
  private readonly channel = this._register(vscode.window.createOutputChannel('Token Lens', { log: true }));
  private readonly kept: LogEntry[] = [];

  info(message: string): void {
    this.channel.info(message);
    this.keep('info', message);
  }

  warn(message: string): void {
    this.channel.warn(message);
    this.keep('warning', message);
  }

  /** Records an error; `error`'s stack goes to the channel's detail, never into a message the user reads. */
  error(message: string, error?: unknown): void {
    this.channel.error(message);
    if (error instanceof Error && error.stack) this.channel.debug(error.stack);
    this.keep('error', message);
  }

  /** Records an error and shows it. */
  showError(message: string, error?: unknown): void {
    this.error(message, error);
    void vscode.window.showErrorMessage(message);
  }

  /** The most recent lines, oldest first. */
  entries(): readonly LogEntry[] {
    return this.kept;
  }

  private keep(level: LogLevel, message: string): void {
    this.kept.push({ level, message });
    if (this.kept.length > KEPT_ENTRIES) this.kept.splice(0, this.kept.length - KEPT_ENTRIES);
  }
}

/** The message of whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
