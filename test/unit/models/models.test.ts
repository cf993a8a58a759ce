import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DEFAULT_BUDGET_THRESHOLDS,
  DEFAULT_MODELS,
  budgetLevel,
  budgetTarget,
  contextLimit,
  ownWindow,
  parseBudgetThresholds,
  targetWindow,
  DEFAULT_MODEL_TABLE,
  DEFAULT_PRICES_DATE,
  encodingForModel,
  inputCost,
  mergeModelOverrides,
  takesChatRequests,
} from '../../../src/core/models';
import { HfTokenizer, readTokenizerData, tokenizerBudgetTarget } from '../../../src/core/hf';
import { ENCODING_NAMES } from '../../../src/core/tokenizer';
import { ourEncoder } from '../../support/encoders';
import { smallTokenizer } from '../hub/modelFiles';
import { CONTEXT_WINDOWS, contextWindow } from '../../../src/core/tokenizer/contextWindows';
import { projectRoot } from '../../support/encoders';

/** gpt-tokenizer's model → encoding map (unlisted models use o200k_base there), with its names for ours. */
function oracleEncoding(model: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const map = (require('gpt-tokenizer/cjs/mapping') as { modelToEncodingMap: Record<string, string> }).modelToEncodingMap;
  const encoding = map[model] ?? 'o200k_base';
  return encoding === 'gpt2' ? 'r50k_base' : encoding;
}

function gptTokenizerModels(): string[] {
  const folder = join(dirname(require.resolve('gpt-tokenizer/package.json')), 'cjs', 'model');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.js'))
    .map((file) => file.slice(0, -3));
}

describe('model table', () => {
  it('every built-in model has a known encoding, a window, and a dated, sourced price (or none)', () => {
    for (const model of DEFAULT_MODELS) {
      assert.ok((ENCODING_NAMES as readonly string[]).includes(model.encoding), model.id);
      assert.ok(Number.isSafeInteger(model.contextWindow) && model.contextWindow > 0, model.id);
      if (model.maxOutput !== undefined) assert.ok(model.maxOutput <= model.contextWindow, `${model.id}: output fits the window`);
      if (model.price) {
        assert.equal(model.price.date, DEFAULT_PRICES_DATE, model.id);
        assert.match(model.price.source ?? '', /^https:\/\//, model.id);
        assert.ok(model.price.outputPerMillion >= model.price.inputPerMillion, `${model.id}: output costs at least input`);
      }
      assert.equal(encodingForModel(model.id), model.encoding, `${model.id}: the table and the name rules agree`);
    }
  });

  it('maps current OpenAI model names to o200k_base and older ones to theirs, as gpt-tokenizer does', () => {
    for (const name of ['gpt-4.1', 'gpt-4.1-mini-2025-04-14', 'o3', 'o3-pro', 'o4-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5.1', 'gpt-5-nano', 'gpt-6', 'o7', 'ft:gpt-4o-mini:acme::abc', 'GPT-4O']) {
      assert.equal(encodingForModel(name), 'o200k_base', name);
    }
    assert.equal(encodingForModel('gpt-4-0613'), 'cl100k_base');
    assert.equal(encodingForModel('gpt-35-turbo-16k'), 'cl100k_base');
    assert.equal(encodingForModel('text-davinci-003'), 'p50k_base');
    assert.equal(encodingForModel('whisper-1'), undefined);
    assert.equal(encodingForModel('constructor'), undefined, 'no prototype keys');
    let compared = 0;
    for (const model of gptTokenizerModels()) {
      const ours = encodingForModel(model);
      const expected = oracleEncoding(model);
      // gpt-tokenizer gives every name it does not list o200k_base (whisper, tts, dall-e…); we say we do not know.
      if (ours === undefined || !(ENCODING_NAMES as readonly string[]).includes(expected)) continue;
      assert.equal(ours, expected, model);
      compared++;
    }
    assert.ok(compared > 150, `compared ${compared} names`);
  });

  it("says which known model names take chat requests as gpt-tokenizer's chat models do, and agrees with the table", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chatModelParams, modelToEncodingMap } = require('gpt-tokenizer/cjs/mapping') as Record<string, Record<string, unknown>>;
    let compared = 0;
    for (const model of new Set([...Object.keys(modelToEncodingMap), ...Object.keys(chatModelParams)])) {
      const ours = takesChatRequests(model);
      if (ours === undefined) continue;
      assert.equal(ours, Object.hasOwn(chatModelParams, model), model);
      compared++;
    }
    assert.ok(compared > 120, `compared ${compared} names`);
    for (const model of DEFAULT_MODELS) assert.equal(takesChatRequests(model.id), model.chat, model.id);
    for (const name of ['ft:davinci-002:acme::abc', 'GPT2', ' davinci ']) assert.equal(takesChatRequests(name), false, name);
    assert.equal(takesChatRequests('ft:gpt-4o-mini:acme::abc'), true);
    assert.equal(takesChatRequests('whisper-1'), undefined);
  });

  it('keeps the context-window view and the settings enum in step with the table', () => {
    assert.deepEqual(
      CONTEXT_WINDOWS.map((window) => [window.id, window.tokens]),
      DEFAULT_MODELS.map((model) => [model.id, model.contextWindow]),
    );
    assert.equal(contextWindow('gpt-4.1').tokens, 1_047_576);
    assert.equal(contextWindow('o4-mini').model, 'o4-mini');
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { enum?: string[] }> } };
    };
    for (const id of manifest.contributes.configuration.properties['tokenLens.contextWindow'].enum ?? []) {
      assert.ok(DEFAULT_MODEL_TABLE.find(id), `tokenLens.contextWindow offers ${id}, which the table has`);
    }
  });

  it('prices input tokens', () => {
    const gpt41 = DEFAULT_MODEL_TABLE.resolve('gpt-4.1');
    assert.equal(inputCost(1_000_000, gpt41), gpt41.price?.inputPerMillion);
    assert.equal(inputCost(500, DEFAULT_MODEL_TABLE.resolve('gpt-2')), undefined, 'no price, no cost');
  });
});

describe('model overrides', () => {
  it('changes a price with its date, keeps the rest, and adds new models', () => {
    const { table, errors } = mergeModelOverrides(DEFAULT_MODELS, {
      'gpt-4o': { inputPerMillion: 2, outputPerMillion: 8, priceDate: '2026-11-30' },
      'my-model': { contextWindow: 32_768, encoding: 'cl100k_base', label: 'Mine' },
      'gpt-7-preview': { contextWindow: 1_000_000 },
    }, 'tokenLens.models');
    assert.deepEqual(errors, []);
    const gpt4o = table.resolve('gpt-4o');
    assert.deepEqual(gpt4o.price, { inputPerMillion: 2, outputPerMillion: 8, date: '2026-11-30', source: undefined });
    assert.equal(gpt4o.contextWindow, 128_000);
    assert.equal(table.resolve('my-model').encoding, 'cl100k_base');
    assert.equal(table.resolve('my-model').label, 'Mine');
    assert.equal(table.resolve('gpt-7-preview').encoding, 'o200k_base', 'encoding from the name');
    assert.equal(DEFAULT_MODEL_TABLE.resolve('gpt-4o').price?.inputPerMillion, 2.5, 'the default table is untouched');
  });

  it('skips each bad entry whole, with one clear line per problem', () => {
    const { table, errors } = mergeModelOverrides(DEFAULT_MODELS, {
      'gpt-4o': { inputPerMillion: 'cheap', priceDate: '2026-02-30' },
      'gpt-4.1': { inputPerMillion: 1 },
      unknown: { contextWindow: 1000 },
      'gpt-4': { contextWindow: -5, colour: 'red' },
      'gpt-5': 7,
      'gpt-5-mini': { maxOutput: 1000 },
    }, 'tokenLens.models');
    assert.deepEqual(errors, [
      'tokenLens.models["gpt-4o"].inputPerMillion: expected US dollars per million tokens (a number ≥ 0), found "cheap"',
      'tokenLens.models["gpt-4o"].priceDate: expected a date as YYYY-MM-DD, found "2026-02-30"',
      'tokenLens.models["gpt-4.1"].priceDate: expected the date of the price as YYYY-MM-DD (a price without its date misleads), found none',
      'tokenLens.models["unknown"].encoding: expected one of o200k_base, cl100k_base, p50k_base, r50k_base (or gpt2) for a model Token Lens does not know, found none',
      'tokenLens.models["gpt-4"]: unknown field "colour" (expected one of label, encoding, contextWindow, maxOutput, inputPerMillion, outputPerMillion, priceDate, priceSource, chat)',
      'tokenLens.models["gpt-4"].contextWindow: expected a whole number of tokens above 0, found -5',
      'tokenLens.models["gpt-5"]: expected an object of model fields, found 7',
    ]);
    assert.deepEqual(table.resolve('gpt-4o'), DEFAULT_MODEL_TABLE.resolve('gpt-4o'));
    assert.deepEqual(table.resolve('gpt-4.1'), DEFAULT_MODEL_TABLE.resolve('gpt-4.1'));
    assert.equal(table.find('unknown'), undefined);
    assert.equal(table.resolve('gpt-4').contextWindow, 8192);
    assert.equal(table.resolve('gpt-5-mini').maxOutput, 1000, 'good entries are still taken');
    assert.deepEqual(mergeModelOverrides(DEFAULT_MODELS, ['gpt-4o'], 'tokenLens.models').errors, ['tokenLens.models: expected an object of model entries keyed by model id, found an array']);
    assert.deepEqual(mergeModelOverrides(DEFAULT_MODELS, undefined, 'tokenLens.models').errors, []);
  });
});

describe('context budget', () => {
  it('is ok, then a warning, then an error as the window fills', () => {
    assert.equal(budgetLevel(79, 100), 'ok');
    assert.equal(budgetLevel(80, 100), 'warning');
    assert.equal(budgetLevel(100, 100), 'error');
    assert.equal(budgetLevel(50, 100, { warning: 0.5, error: 0.9 }), 'warning');
  });

  it('takes thresholds from settings, or says why not', () => {
    assert.deepEqual(parseBudgetThresholds('tokenLens.budget', 0.5, 0.9), { thresholds: { warning: 0.5, error: 0.9 }, error: undefined });
    assert.deepEqual(parseBudgetThresholds('tokenLens.budget', '80%', 1), {
      thresholds: DEFAULT_BUDGET_THRESHOLDS,
      error: 'tokenLens.budget.warning: expected a share of the context window above 0 (0.8 is 80%), found "80%"',
    });
    assert.deepEqual(parseBudgetThresholds('tokenLens.budget', 0.9, 0.5), { thresholds: DEFAULT_BUDGET_THRESHOLDS, error: 'tokenLens.budget.error: expected at least the warning share 0.9, found 0.5' });
  });

  it("measures an open model's counts against its own window when known, with no model of the table (no price); else the configured model stands in, saying why", () => {
    const gpt4o = DEFAULT_MODEL_TABLE.resolve('gpt-4o');
    assert.deepEqual(budgetTarget(gpt4o), { label: 'GPT-4o', contextWindow: 128_000, model: gpt4o, openModel: undefined });
    const gemma = { label: 'google/gemma-3-4b-it', contextLength: { known: true, tokens: 131_072, from: 'config.json text_config.max_position_embeddings' } } as const;
    assert.deepEqual(budgetTarget(gpt4o, gemma), { label: 'google/gemma-3-4b-it', contextWindow: 131_072, model: undefined, openModel: { label: 'google/gemma-3-4b-it', unknownWhy: undefined } });
    const llama = { label: 'Llama-3.2-1B', contextLength: { known: false, why: 'no config.json; no tokenizer_config.json' } } as const;
    assert.deepEqual(budgetTarget(gpt4o, llama), { label: 'GPT-4o', contextWindow: 128_000, model: gpt4o, openModel: { label: 'Llama-3.2-1B', unknownWhy: 'no config.json; no tokenizer_config.json' } });
    assert.equal(budgetTarget(gpt4o, { label: 'bare', contextLength: undefined }).openModel?.unknownWhy, 'its config files were not read');
  });

  it("gives the embeddings the same window: `auto`'s context, and an open model's own window only when its config says", () => {
    const gpt4o = DEFAULT_MODEL_TABLE.resolve('gpt-4o');
    const own = budgetTarget(gpt4o, { label: 'acme/rotary', contextLength: { known: true, tokens: 8192, from: 'config.json max_position_embeddings' } });
    const standIn = budgetTarget(gpt4o, { label: 'acme/rotary', contextLength: { known: false, why: 'no config.json' } });
    assert.deepEqual(targetWindow(own), { id: 'acme/rotary', model: 'acme/rotary', tokens: 8192 });
    assert.deepEqual(targetWindow(standIn), { id: 'gpt-4o', model: 'GPT-4o', tokens: 128_000 });
    assert.deepEqual(targetWindow(budgetTarget(gpt4o)), { id: 'gpt-4o', model: 'GPT-4o', tokens: 128_000 });
    assert.deepEqual([ownWindow(own), ownWindow(standIn), ownWindow(budgetTarget(gpt4o))], [8192, undefined, undefined]);
    // A position table ends the reading itself; without one (rotary), only the model's own window does.
    assert.deepEqual([contextLimit({ contextLength: 1024 }, own), contextLimit({ contextLength: undefined }, own), contextLimit({ contextLength: undefined }, standIn)], [1024, 8192, undefined]);
  });

  it('takes the open model from the tokenizer in use, for the extension and the CLI alike: a Hugging Face tokenizer, never an encoding', () => {
    const gpt4o = DEFAULT_MODEL_TABLE.resolve('gpt-4o');
    const known = HfTokenizer.fromJson(smallTokenizer(), 'acme/small');
    const open = new HfTokenizer({ ...readTokenizerData(smallTokenizer(), 'acme/windowed'), contextLength: { known: true, tokens: 4096, from: 'config.json max_position_embeddings' } });
    assert.deepEqual(tokenizerBudgetTarget(gpt4o, open), budgetTarget(gpt4o, { label: 'acme/windowed', contextLength: open.contextLength }));
    assert.equal(tokenizerBudgetTarget(gpt4o, open).contextWindow, 4096);
    assert.equal(tokenizerBudgetTarget(gpt4o, known).openModel?.unknownWhy, 'its config files were not read');
    assert.deepEqual(tokenizerBudgetTarget(gpt4o, ourEncoder('cl100k_base')), budgetTarget(gpt4o));
    assert.deepEqual(tokenizerBudgetTarget(gpt4o, undefined), budgetTarget(gpt4o));
  });
});
