/**
 * User overrides of the model table (a setting such as `tokenLens.models`): an object keyed by
 * model id, each entry changing some fields of a built-in model or adding a new one:
 *
 *   { "gpt-4o": { "inputPerMillion": 2.5, "outputPerMillion": 10, "priceDate": "2026-01-15" },
 *     "my-model": { "contextWindow": 32768, "encoding": "cl100k_base" } }
 *
 * Each bad entry is skipped whole (it changes nothing) and gets one line naming the field, what
 * was expected and what was found. A price always comes with its date.
 */
import { describeEncodingNames, resolveEncodingName } from '../tokenizer/encodings';
import { encodingForModel } from './modelEncoding';
import { ModelTable, type ModelInfo, type ModelPrice } from './modelTable';

export const MODEL_OVERRIDE_FIELDS = ['label', 'encoding', 'contextWindow', 'maxOutput', 'inputPerMillion', 'outputPerMillion', 'priceDate', 'priceSource', 'chat'] as const;

export interface MergedModels {
  readonly table: ModelTable;
  /** One line per problem; empty when every entry was taken. */
  readonly errors: readonly string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCFullYear() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The base models with the overrides applied; `setting` names the setting in messages. */
export function mergeModelOverrides(base: readonly ModelInfo[], overrides: unknown, setting: string): MergedModels {
  if (overrides === undefined || overrides === null) return { table: new ModelTable(base), errors: [] };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    return { table: new ModelTable(base), errors: [`${setting}: expected an object of model entries keyed by model id, found ${describe(overrides)}`] };
  }
  const models = [...base];
  const errors: string[] = [];
  for (const [id, entry] of Object.entries(overrides)) {
    const path = `${setting}[${JSON.stringify(id)}]`;
    const index = models.findIndex((model) => model.id.toLowerCase() === id.trim().toLowerCase());
    const result = applyEntry(id.trim(), index >= 0 ? models[index] : undefined, entry, path);
    if (Array.isArray(result)) errors.push(...result);
    else if (index >= 0) models[index] = result;
    else models.push(result);
  }
  return { table: new ModelTable(models), errors };
}

function applyEntry(id: string, existing: ModelInfo | undefined, entry: unknown, path: string): ModelInfo | string[] {
  if (id === '') return [`${path}: expected a model id, found an empty name`];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [`${path}: expected an object of model fields, found ${describe(entry)}`];
  const fields = entry as Record<string, unknown>;
  const problems: string[] = [];
  const bad = (field: string, expected: string) => problems.push(`${path}.${field}: expected ${expected}, found ${describe(fields[field])}`);
  for (const field of Object.keys(fields)) {
    if (!(MODEL_OVERRIDE_FIELDS as readonly string[]).includes(field)) problems.push(`${path}: unknown field "${field}" (expected one of ${MODEL_OVERRIDE_FIELDS.join(', ')})`);
  }
  const has = (field: string) => Object.hasOwn(fields, field);
  if (has('label') && (typeof fields.label !== 'string' || fields.label.trim() === '')) bad('label', 'a non-empty string');
  let encoding = existing?.encoding ?? encodingForModel(id);
  if (has('encoding')) {
    encoding = typeof fields.encoding === 'string' ? resolveEncodingName(fields.encoding) : undefined;
    if (!encoding) bad('encoding', `one of ${describeEncodingNames()}`);
  } else if (!encoding) problems.push(`${path}.encoding: expected one of ${describeEncodingNames()} for a model Token Lens does not know, found none`);
  for (const field of ['contextWindow', 'maxOutput']) if (has(field) && !isCount(fields[field])) bad(field, 'a whole number of tokens above 0');
  if (!existing && !has('contextWindow')) problems.push(`${path}.contextWindow: expected a whole number of tokens for a model Token Lens does not know, found none`);
  for (const field of ['inputPerMillion', 'outputPerMillion']) if (has(field) && !isPrice(fields[field])) bad(field, 'US dollars per million tokens (a number ≥ 0)');
  if (has('priceDate') && !isDate(fields.priceDate)) bad('priceDate', 'a date as YYYY-MM-DD');
  if (has('priceSource') && typeof fields.priceSource !== 'string') bad('priceSource', 'a link (a string)');
  if (has('chat') && typeof fields.chat !== 'boolean') bad('chat', 'true or false');
  const pricing = has('inputPerMillion') || has('outputPerMillion');
  if (pricing && !has('priceDate')) problems.push(`${path}.priceDate: expected the date of the price as YYYY-MM-DD (a price without its date misleads), found none`);
  const input = has('inputPerMillion') ? fields.inputPerMillion : existing?.price?.inputPerMillion;
  const output = has('outputPerMillion') ? fields.outputPerMillion : existing?.price?.outputPerMillion;
  if (pricing && (input === undefined || output === undefined)) {
    problems.push(`${path}: expected both inputPerMillion and outputPerMillion for a model without a price, found only ${input === undefined ? 'outputPerMillion' : 'inputPerMillion'}`);
  }
  if (problems.length > 0 || !encoding) return problems;
  let price: ModelPrice | undefined = existing?.price;
  if (pricing || has('priceDate') || has('priceSource')) {
    if (!price && !pricing) return [`${path}: expected inputPerMillion and outputPerMillion with priceDate/priceSource, found none`];
    price = {
      inputPerMillion: input as number,
      outputPerMillion: output as number,
      date: has('priceDate') ? (fields.priceDate as string) : (price?.date as string),
      // A new price from settings does not come from the built-in source.
      source: has('priceSource') ? (fields.priceSource as string) : pricing ? undefined : price?.source,
    };
  }
  return {
    id: existing?.id ?? id,
    label: has('label') ? (fields.label as string).trim() : (existing?.label ?? id),
    encoding,
    contextWindow: has('contextWindow') ? (fields.contextWindow as number) : (existing?.contextWindow as number),
    maxOutput: has('maxOutput') ? (fields.maxOutput as number) : existing?.maxOutput,
    price,
    chat: has('chat') ? (fields.chat as boolean) : (existing?.chat ?? true),
  };
}
