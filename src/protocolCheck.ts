/**
 * Checks of the panel's messages on receipt, one per direction: a webview is a separate page, so
 * neither side trusts the shape of what arrives. The checks are the protocol's own schemas.
 */
import type { Schema } from './core/schema';
import { FromWebview, ToWebview } from './protocol';

/** A message that passed its check, or why it did not. */
export type Checked<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };

function checkWith<T>(schema: Schema<T>, value: unknown): Checked<T> {
  const error = schema.check(value, 'message');
  return error === undefined ? { ok: true, message: value as T } : { ok: false, error };
}

/** Checks a message the webview received from the host. */
export function checkToWebview(value: unknown): Checked<ToWebview> {
  return checkWith(ToWebview, value);
}

/** Checks a message the host received from the webview. */
export function checkFromWebview(value: unknown): Checked<FromWebview> {
  return checkWith(FromWebview, value);
}
