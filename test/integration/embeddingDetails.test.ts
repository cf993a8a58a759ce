/** The read-only documents "Show Embedding Details" opens keep only the latest ones in memory. */
import * as assert from 'node:assert/strict';
import { EmbeddingDetailsProvider, KEPT_EMBEDDING_DETAILS } from '../../src/extension/commands/showEmbeddingDetails';

describe('embedding details documents', () => {
  it(`keep the latest ${KEPT_EMBEDDING_DETAILS} contents, each under a URI of its own; older ones read as empty`, () => {
    const provider = new EmbeddingDetailsProvider();
    const shown = KEPT_EMBEDDING_DETAILS + 5;
    const uris = Array.from({ length: shown }, (_, i) => provider.show(`vectors of token ${i}`, 'same title'));
    assert.equal(new Set(uris.map(String)).size, shown, 'a URI per document, also under one title');
    for (let i = 0; i < shown; i++) {
      const kept = i >= shown - KEPT_EMBEDDING_DETAILS;
      assert.equal(provider.provideTextDocumentContent(uris[i]), kept ? `vectors of token ${i}` : '', `document ${i}`);
    }
  });
});
