/** Naming a Hub model, and where its endpoint and token come from. */
import * as assert from 'node:assert/strict';
import { HubClient, DEFAULT_HUB_ENDPOINT } from '../../../src/core/hub/client';
import { isHubSpec, parseHubSpec } from '../../../src/core/hub/spec';
import { hubClientOptions } from '../../../src/node/hubEnvironment';

describe('hub: model specs and environment', () => {
  it('parses hub:ORG/NAME with an optional @REVISION (main by default)', () => {
    assert.deepEqual(parseHubSpec('hub:Qwen/Qwen3-0.6B'), { repo: 'Qwen/Qwen3-0.6B', revision: 'main' });
    assert.deepEqual(parseHubSpec('hub:meta-llama/Llama-3.2-1B@refs/pr/3'), { repo: 'meta-llama/Llama-3.2-1B', revision: 'refs/pr/3' });
    assert.equal(isHubSpec('hub:a/b'), true);
    assert.equal(isHubSpec('./models/a'), false);
    for (const bad of ['hub:', 'hub:gpt2', 'hub:a/b/c', 'hub:../x', 'hub:a/b@', 'hub:a/..@main']) {
      assert.throws(() => parseHubSpec(bad), /expected a Hub model as hub:ORG\/NAME or hub:ORG\/NAME@REVISION, found/, bad);
    }
  });

  it('builds {endpoint}/{repo}/resolve/{revision}/{file} URLs, escaping the revision whole', () => {
    const hub = new HubClient({ fetch: async () => Promise.reject(new Error('no network in this test')), endpoint: 'https://mirror.example/hf/' });
    assert.equal(hub.resolveUrl({ repo: 'org/m', revision: 'refs/pr/1', file: 'onnx/model.json' }), 'https://mirror.example/hf/org/m/resolve/refs%2Fpr%2F1/onnx/model.json');
    assert.equal(new HubClient({ fetch: async () => Promise.reject(new Error('unused')) }).endpoint, DEFAULT_HUB_ENDPOINT);
    assert.throws(() => new HubClient({ fetch: async () => Promise.reject(new Error('unused')), endpoint: 'ftp://x' }), /expected an http\(s\) URL/);
  });

  it('refuses an endpoint with a query, a fragment or credentials, which the resolve path cannot follow', () => {
    for (const endpoint of ['http://127.0.0.1:9?mirror=1', 'http://127.0.0.1:9/hf#top', 'http://user:pw@127.0.0.1:9']) {
      const make = () => new HubClient({ fetch: async () => Promise.reject(new Error('unused')), endpoint });
      assert.throws(make, /Hub endpoint: expected an http\(s\) URL .*without credentials, query or fragment/, endpoint);
    }
  });

  it('refuses a token with a line break, a space or a non-ASCII character (fetch would read it as offline), never showing it; surrounding space is trimmed', () => {
    const make = (token: string) => () => new HubClient({ fetch: async () => Promise.reject(new Error('unused')), token });
    for (const token of ['hf_abc\ndef', 'hf_abc def', 'hf_abcé']) {
      assert.throws(make(token), (error: Error) => /^Hub token: expected printable ASCII without spaces or line breaks/.test(error.message) && !error.message.includes('hf_abc'), JSON.stringify(token));
    }
    assert.equal(make('  hf_abc\n')().hasToken, true);
  });

  it('refuses the revisions . and .., which a URL would resolve to another path', () => {
    const hub = new HubClient({ fetch: async () => Promise.reject(new Error('unused')) });
    for (const revision of ['.', '..']) {
      assert.throws(() => parseHubSpec(`hub:org/m@${revision}`), /expected a Hub model as hub:ORG\/NAME/, revision);
      assert.throws(() => hub.resolveUrl({ repo: 'org/m', revision, file: 'tokenizer.json' }), /expected a revision and a relative file path/, revision);
    }
  });

  it('takes the endpoint and token from HF_ENDPOINT and HF_TOKEN unless a setting or stored token is given', () => {
    const env = { HF_ENDPOINT: 'http://127.0.0.1:9', HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_old' };
    const fromEnv = hubClientOptions(env);
    assert.deepEqual([fromEnv.endpoint, fromEnv.token], ['http://127.0.0.1:9', 'hf_env']);
    const overridden = hubClientOptions(env, { endpoint: 'http://localhost:9', token: 'hf_secret' });
    assert.deepEqual([overridden.endpoint, overridden.token], ['http://localhost:9', 'hf_secret']);
    assert.equal(hubClientOptions({ HUGGING_FACE_HUB_TOKEN: 'hf_old', HF_TOKEN: ' ' }).token, 'hf_old');
    assert.deepEqual([hubClientOptions({}).endpoint, hubClientOptions({}).token], [undefined, undefined]);
  });
});
