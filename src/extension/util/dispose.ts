import type * as vscode from 'vscode';

/** Owns disposables and disposes them, newest first, exactly once. */
export abstract class Disposable implements vscode.Disposable {
  private disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables);
  }
}

export function disposeAll(disposables: vscode.Disposable[]): void {
  while (disposables.length > 0) disposables.pop()?.dispose();
}
