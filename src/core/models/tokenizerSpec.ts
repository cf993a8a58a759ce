/**
 * What the user names a tokenizer by, in the CLI (`--tokenizer SPEC`) and the extension alike:
 * an encoding name, `hub:ORG/NAME[@REVISION]`, or a path to `tokenizer.json` or a model folder.
 */
import { HUB_SPEC_PREFIX, type HubModelSpec, isHubSpec, parseHubSpec } from '../hub/spec';
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

/** Folder names that say nothing of the model (a package's `models/`, a snapshot's commit): the label keeps the folder above too. */
const GENERIC_FOLDER = /^(?:models?|tokenizers?|weights|checkpoints?|files|snapshots?|original|latest|main|hf|huggingface|[0-9a-f]{40})$/i;

/**
 * A short name for a model spec, for labels and headings: ORG/NAME for a Hub model (with its
 * revision unless main); for a path, ORG/NAME inside the Hugging Face cache
 * (`models--ORG--NAME/snapshots/COMMIT`), else the folder's name, with the folder above when
 * that name says nothing (`tokenizer-gemma3/models`). Paths may use either separator (VS Code
 * for the Web has no path module).
 */
export function modelLabel(spec: string): string {
  if (spec.startsWith(HUB_SPEC_PREFIX)) return spec.slice(HUB_SPEC_PREFIX.length).replace(/@main$/, '');
  const parts = spec.replace(/[\\/]+$/, '').split(/[\\/]/).filter((part) => part !== '');
  if (parts.length > 1 && parts[parts.length - 1] === 'tokenizer.json') parts.pop();
  let cached = parts.length - 1;
  while (cached >= 0 && !/^models--[^-].*--./.test(parts[cached])) cached--;
  if (cached >= 0 && (cached === parts.length - 1 || parts[cached + 1] === 'snapshots')) {
    const [org, ...name] = parts[cached].slice('models--'.length).split('--');
    if (name.length > 0) return `${org}/${name.join('--')}`;
  }
  const last = parts.pop() ?? spec;
  const above = parts.pop();
  return above !== undefined && GENERIC_FOLDER.test(last) ? `${above}/${last}` : last;
}
