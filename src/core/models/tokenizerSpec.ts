/**
 * What the user names a tokenizer by, in the CLI (`--tokenizer SPEC`) and the extension alike:
 * an encoding name, `hub:ORG/NAME[@REVISION]`, or a path to `tokenizer.json` or a model folder.
 */
import { type HubModelSpec, isHubSpec, parseHubSpec } from '../hub/spec';
import { type EncodingName, resolveEncodingName } from '../tokenizer/encodings';

export type TokenizerSpec =
  | { readonly kind: 'encoding'; readonly name: EncodingName }
  | ({ readonly kind: 'hub' } & HubModelSpec)
  | { readonly kind: 'path'; readonly path: string };

/** Parses SPEC; a malformed `hub:` spec throws its one-line HubError. An empty spec is refused. */
export function parseTokenizerSpec(spec: string): TokenizerSpec {
  const trimmed = spec.trim();
  if (trimmed === '') throw new RangeError('expected a tokenizer: an encoding name, a path to tokenizer.json or a model folder, or hub:ORG/NAME, found an empty string');
  const name = resolveEncodingName(trimmed);
  if (name) return { kind: 'encoding', name };
  if (isHubSpec(trimmed)) return { kind: 'hub', ...parseHubSpec(trimmed) };
  return { kind: 'path', path: spec };
}
