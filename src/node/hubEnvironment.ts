/**
 * The Hub's conventional environment variables, read here (core reads no environment):
 * HF_ENDPOINT for mirrors, HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN) for gated models.
 * A setting or a stored token, when given, wins over the environment.
 */
import type { HubClientOptions } from '../core/hub/client';
import { nodeFetch } from './hubFetch';

export interface HubOverrides {
  /** The tokenLens.hub.endpoint setting. */
  readonly endpoint?: string;
  /** A token from VS Code's secret storage. */
  readonly token?: string;
}

export function hubClientOptions(env: Readonly<Record<string, string | undefined>> = process.env, overrides: HubOverrides = {}): HubClientOptions {
  const pick = (...values: (string | undefined)[]) => values.map((value) => value?.trim()).find((value) => value);
  return {
    fetch: nodeFetch,
    endpoint: pick(overrides.endpoint, env.HF_ENDPOINT),
    token: pick(overrides.token, env.HF_TOKEN, env.HUGGING_FACE_HUB_TOKEN),
  };
}
