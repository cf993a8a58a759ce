/** `hub:ORG/NAME[@REVISION]`: how the CLI and settings name a Hub model. */
import { HubError } from './errors';

export const HUB_SPEC_PREFIX = 'hub:';
export const DEFAULT_REVISION = 'main';

export interface HubModelSpec {
  readonly repo: string;
  readonly revision: string;
}

export function isHubSpec(spec: string): boolean {
  return spec.startsWith(HUB_SPEC_PREFIX);
}

/** Parses `hub:ORG/NAME[@REVISION]` (the revision a branch, tag or commit; default main). */
export function parseHubSpec(spec: string): HubModelSpec {
  const match = /^hub:([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)(?:@([^\s@]+))?$/.exec(spec.trim());
  if (!match || match[1].includes('..') || match[2] === '.' || match[2] === '..') {
    throw new HubError('not-found', `expected a Hub model as hub:ORG/NAME or hub:ORG/NAME@REVISION, found ${JSON.stringify(spec)}`);
  }
  return { repo: match[1], revision: match[2] ?? DEFAULT_REVISION };
}
