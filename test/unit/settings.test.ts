/** Numeric settings: the ranges Configuration clamps to are the ones package.json declares, and the clamping rule. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clampInteger } from '../../src/core/integerRange';
import { DEFAULT_MODEL, DEFAULT_MODELS } from '../../src/core/models';
import { ConfigSection, EMBEDDING_SOURCES, NumericSettings, Settings, ShareSettings, settingId } from '../../src/extension/constants';
import { projectRoot } from '../support/encoders';

interface SchemaProperty {
  readonly type: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly enum?: readonly string[];
}

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SchemaProperty> } };
};

const shareIds = new Set(Object.keys(ShareSettings).map((key) => `${ConfigSection}.${key}`));

describe('numeric settings', () => {
  it('every numeric setting in package.json has a range in constants.ts equal to its minimum, maximum and default', () => {
    const schema = Object.entries(manifest.contributes.configuration.properties)
      .filter(([id, property]) => (property.type === 'integer' || property.type === 'number') && !shareIds.has(id))
      .map(([id, property]) => [id, { min: property.minimum, max: property.maximum, default: property.default }] as const);
    const code = Object.entries(NumericSettings).map(([key, range]) => [`${ConfigSection}.${key}`, { min: range.min, max: range.max, default: range.default }] as const);
    assert.deepEqual(Object.fromEntries(code), Object.fromEntries(schema));
  });

  it('shares of the context window are numbers whose bounds and defaults are the ones in constants.ts (and core\'s defaults)', () => {
    const properties = manifest.contributes.configuration.properties;
    const schema = [...shareIds].map((id) => [id, { type: properties[id]?.type, exclusiveMinimum: properties[id]?.exclusiveMinimum, maximum: properties[id]?.maximum, default: properties[id]?.default }]);
    const code = Object.entries(ShareSettings).map(([key, share]) => [`${ConfigSection}.${key}`, { type: 'number', ...share }]);
    assert.deepEqual(Object.fromEntries(schema), Object.fromEntries(code));
  });

  it('the model setting offers every model of the built-in table and defaults to core\'s default model', () => {
    const property = manifest.contributes.configuration.properties[settingId(Settings.contextWindow)];
    assert.deepEqual(property.enum, DEFAULT_MODELS.map((model) => model.id));
    assert.equal(property.default, DEFAULT_MODEL);
  });

  it('every other numeric setting is declared an integer with both ends of its range', () => {
    for (const [id, property] of Object.entries(manifest.contributes.configuration.properties)) {
      if ((property.type !== 'number' && property.type !== 'integer') || shareIds.has(id)) continue;
      assert.equal(property.type, 'integer', id);
      assert.ok(Number.isSafeInteger(property.minimum) && Number.isSafeInteger(property.maximum), `${id}: minimum and maximum`);
    }
  });

  describe('clampInteger', () => {
    const range = { min: 2, max: 65_536 };
    it('keeps a value inside the range and the fallback for nothing given', () => {
      assert.deepEqual(clampInteger(768, range, 5), { value: 768, changed: false });
      assert.deepEqual(clampInteger(undefined, range, 5), { value: 5, changed: false });
    });
    it('clamps absurd values to the nearer end', () => {
      assert.deepEqual(clampInteger(1e9, range, 5), { value: 65_536, changed: true });
      assert.deepEqual(clampInteger(-1, range, 5), { value: 2, changed: true });
      assert.deepEqual(clampInteger(0, range, 5), { value: 2, changed: true });
      assert.deepEqual(clampInteger(Infinity, range, 5), { value: 65_536, changed: true });
      assert.deepEqual(clampInteger(-Infinity, range, 5), { value: 2, changed: true });
    });
    it('rounds fractions, and falls back for what is not a number', () => {
      assert.deepEqual(clampInteger(2.6, range, 5), { value: 3, changed: true });
      assert.deepEqual(clampInteger(NaN, range, 5), { value: 5, changed: true });
      assert.deepEqual(clampInteger('768', range, 5), { value: 5, changed: true });
      assert.deepEqual(clampInteger(null, range, 5), { value: 5, changed: true });
    });
  });
});

describe('embedding source setting', () => {
  it("package.json's enum for embedding.source lists the sources constants.ts knows, built-in included", () => {
    const property = manifest.contributes.configuration.properties[settingId(Settings.embeddingSource)];
    assert.deepEqual(property.enum, [...EMBEDDING_SOURCES]);
    assert.ok(EMBEDDING_SOURCES.includes('builtin'));
  });
});
