/**
 * A `tokenizer.json` is untrusted input: malformed and unsupported files get one line naming
 * the field, what was expected and what was found; hostile ones cannot make the core guess.
 */
import * as assert from 'node:assert/strict';
import { HfTokenizer, MAX_TOKENIZER_FILE_BYTES, TokenizerFileError } from '../../../src/core/hf';
import { readTokenizerFile } from '../../../src/core/hf/tokenizerFile';
import { byteLevelFile, fileBytes, metaspaceFile } from '../../support/hfFiles';

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };

function good(): Record<string, unknown> {
  return byteLevelFile({ preTokenizer: BYTE_LEVEL });
}

function edited(edit: (json: Record<string, unknown>, model: Record<string, unknown>) => void): Record<string, unknown> {
  const json = good();
  edit(json, json.model as Record<string, unknown>);
  return json;
}

/** Loading must fail with one line matching `pattern`, whole or piece by piece through a small window (as from disk). */
function assertRejected(file: Uint8Array | Record<string, unknown>, pattern: RegExp): void {
  const bytes = file instanceof Uint8Array ? file : fileBytes(file);
  const read = (into: Uint8Array, position: number) => {
    const piece = bytes.subarray(position, position + into.length);
    into.set(piece);
    return piece.length;
  };
  const messages: string[] = [];
  for (const load of [() => HfTokenizer.fromJson(bytes, 'tokenizer.json'), () => new HfTokenizer(readTokenizerFile(read, bytes.length, 'tokenizer.json'))]) {
    assert.throws(load, (error: unknown) => {
      assert.ok(error instanceof TokenizerFileError, `expected a TokenizerFileError, got ${String(error)}`);
      assert.ok(!error.message.includes('\n'), `one line: ${error.message}`);
      assert.match(error.message, pattern);
      assert.ok(error.message.startsWith('tokenizer.json: '), error.message);
      messages.push(error.message);
      return true;
    });
  }
  assert.equal(messages[1], messages[0], 'the same message either way');
}

describe('Hugging Face tokenizer.json: malformed and unsupported files', () => {
  it('a good generated file loads (so the rejections below are about their one edit)', () => {
    assert.ok(HfTokenizer.fromJson(fileBytes(good()), 'tokenizer.json').encode('hello').length > 0);
  });

  it('not JSON, not UTF-8, not an object', () => {
    assertRejected(new TextEncoder().encode('{"model": '), /expected JSON, found/);
    assertRejected(Uint8Array.of(0x7b, 0xff, 0x7d), /expected JSON, found/);
    assertRejected(new TextEncoder().encode('[1, 2]'), /\(root\): expected an object, found an array of 2/);
  });

  it('a file over the size cap is refused before parsing', () => {
    assertRejected(new Uint8Array(MAX_TOKENIZER_FILE_BYTES + 1), /expected at most 64 MB, found 64\.0 MB/);
  });

  it('nested normalizer Sequences giving more than 64 steps in all are refused with the count found (3 levels of 8: 512); 64 in all load', () => {
    const replace = { type: 'Replace', pattern: { String: 'a' }, content: 'b' };
    const sequence = (normalizers: unknown[]) => ({ type: 'Sequence', normalizers });
    const eight = (item: unknown) => Array.from({ length: 8 }, () => item);
    assertRejected(edited((json) => (json.normalizer = sequence(eight(sequence(eight(sequence(eight(replace)))))))), /^tokenizer\.json: \(root\)\.normalizer: expected at most 64 steps in all, found 512$/);
    const loaded = HfTokenizer.fromJson(fileBytes(edited((json) => (json.normalizer = sequence(eight(sequence(eight(replace))))))), 'tokenizer.json');
    assert.deepEqual(loaded.encode('a'), loaded.encode('b'));
  });

  it('a ByteLevel pre-tokenizer without add_prefix_space is refused naming the field, as the Rust tokenizers crate refuses it (no serde default)', () => {
    const { add_prefix_space, ...withoutPrefixSpace } = BYTE_LEVEL;
    void add_prefix_space;
    assertRejected(edited((json) => (json.pre_tokenizer = withoutPrefixSpace)), /^tokenizer\.json: \(root\)\.pre_tokenizer\.add_prefix_space: expected true or false, found nothing$/);
    assertRejected(edited((json) => (json.pre_tokenizer = { type: 'Sequence', pretokenizers: [withoutPrefixSpace] })), /\.pre_tokenizer\.pretokenizers\[0\]\.add_prefix_space: expected true or false, found nothing$/);
  });

  it('an added token without any one of its flags (normalized, special, lstrip, rstrip, single_word) is refused naming it, as the Rust tokenizers crate refuses it (no serde default)', () => {
    const full = { id: 1, content: '<x>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
    for (const field of ['normalized', 'special', 'lstrip', 'rstrip', 'single_word'] as const) {
      for (const special of [true, false]) {
        const token: Record<string, unknown> = { ...full, special };
        delete token[field];
        assertRejected(edited((json) => (json.added_tokens = [token])), new RegExp(`^tokenizer\\.json: \\(root\\)\\.added_tokens\\[0\\]\\.${field}: expected true or false, found nothing$`));
      }
    }
    // With every flag given, it loads.
    assert.ok(HfTokenizer.fromJson(fileBytes(edited((json) => (json.added_tokens = [full]))), 'tokenizer.json'));
  });

  it('fields of the wrong type name their path, what was expected and what was found', () => {
    assertRejected(edited((json) => delete json.model), /\(root\)\.model: expected an object, found nothing/);
    assertRejected(edited((_, model) => (model.vocab = [])), /\.model\.vocab: expected an object, found an array of 0/);
    assertRejected(edited((_, model) => ((model.vocab as Record<string, unknown>).Ġthe = 'x')), /\.model\.vocab\.Ġthe: expected an id from 0 to \d+, found "x"/);
    assertRejected(edited((_, model) => ((model.vocab as Record<string, unknown>).Ġthe = -1)), /expected an id from 0/);
    assertRejected(edited((_, model) => (model.merges = [(model.merges as unknown[])[0], 42])), /\.model\.merges\[1\]: expected "left right" or \["left", "right"\], found 42/);
    assertRejected(edited((_, model) => (model.merges = ['a b c'])), /\.model\.merges\[0\]: expected two tokens separated by one space/);
    assertRejected(edited((json) => (json.added_tokens = [{ id: 'one', content: 'x' }])), /\.added_tokens\[0\]\.id: expected an integer from 0 to \d+, found "one"/);
    assertRejected(edited((json) => (json.added_tokens = [{ id: 1, content: '' }])), /\.added_tokens\[0\]\.content: expected a non-empty string, found ""/);
    assertRejected(edited((json) => (json.pre_tokenizer = { type: 'Split', pattern: { Regex: 'a' }, behavior: 'Sideways' })), /\.pre_tokenizer\.behavior: expected "Isolated" or "Removed"/);
  });

  it('merges naming tokens outside the vocabulary, and ids given twice', () => {
    assertRejected(edited((_, model) => (model.merges = [['Ġ', 'nope']])), /\.model\.merges\[0\]: token "nope" is not in model\.vocab/);
    // Halves longer than four bytes are looked up after the scan: the same line, for a merge anywhere in the list, when only the half is missing.
    const joinOnly = (merge: [string, string]) => (_: unknown, model: Record<string, unknown>) => {
      const vocab = model.vocab as Record<string, number>;
      vocab[merge.join('')] = Object.keys(vocab).length;
      vocab.fghij = Object.keys(vocab).length;
      model.merges = [...(model.merges as unknown[]), merge];
    };
    assertRejected(edited(joinOnly(['abcde', 'fghij'])), /\.model\.merges\[\d+\]: token "abcde" is not in model\.vocab/);
    assertRejected(edited(joinOnly(['fghij', 'klmnop'])), /\.model\.merges\[\d+\]: token "klmnop" is not in model\.vocab/);
    assertRejected(edited((_, model) => (model.merges = [['q', 'z']])), /token "qz" is not in model\.vocab/);
    assertRejected(edited((_, model) => ((model.vocab as Record<string, number>).duplicate = 0)), /\.model\.vocab\.duplicate: id 0 is given to two tokens/);
  });

  it('tokens named like Object.prototype members are ordinary tokens, and absent ones are absent', () => {
    const json = edited((_, model) => {
      const vocab = model.vocab as Record<string, number>;
      let next = Object.keys(vocab).length;
      for (const name of ['__proto__', 'constructor', '__proto__constructor']) Object.defineProperty(vocab, name, { value: next++, enumerable: true });
      model.merges = [...(model.merges as unknown[]), ['__proto__', 'constructor']];
    });
    const tokenizer = HfTokenizer.fromJson(fileBytes(json), 'tokenizer.json');
    assert.equal(new TextDecoder().decode(tokenizer.tokenBytes(tokenizer.vocabularySize - 3)), '__proto__');
    assertRejected(edited((_, model) => (model.merges = [['toString', 'valueOf']])), /\.model\.merges\[0\]: token "toString" is not in model\.vocab/);
  });

  it('unsupported components are named, never guessed', () => {
    assertRejected(edited((_, model) => (model.type = 'WordPiece')), /\.model: model type "WordPiece" is not supported \(Token Lens supports BPE\)/);
    assertRejected(edited((_, model) => (model.type = 'Unigram')), /model type "Unigram" is not supported/);
    assertRejected(edited((json) => (json.normalizer = { type: 'BertNormalizer' })), /\.normalizer: normalizer type "BertNormalizer" is not supported/);
    assertRejected(edited((json) => (json.normalizer = { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }] })), /\.normalizer\.normalizers\[1\]: normalizer type "Lowercase"/);
    assertRejected(edited((json) => (json.pre_tokenizer = { type: 'Whitespace' })), /\.pre_tokenizer: pre_tokenizer type "Whitespace" is not supported/);
    assertRejected(edited((json) => (json.normalizer = { type: 'Replace', pattern: { Regex: ' +' }, content: ' ' })), /only a literal "String" pattern is supported in Replace/);
    assertRejected(edited((_, model) => (model.dropout = 0.1)), /\.model\.dropout: BPE dropout is random/);
    let deep: unknown = { type: 'NFC' };
    for (let i = 0; i < 2_000; i++) deep = { type: 'Sequence', normalizers: [deep] };
    assertRejected(edited((json) => (json.normalizer = deep)), /normalizer Sequences nested more than 4 deep are not supported/);
    assertRejected(edited((_, model) => (model.continuing_subword_prefix = '##')), /continuing_subword_prefix is not supported/);
    assertRejected(edited((json) => (json.added_tokens = [{ id: 1, content: 'x', single_word: true }])), /single_word added tokens are not supported/);
    assertRejected(edited((json) => (json.pre_tokenizer = { type: 'Split', pattern: { Regex: 'a' }, behavior: 'Isolated', invert: true })), /an inverted Split is not supported/);
    assertRejected(edited((json) => (json.pre_tokenizer = { type: 'Sequence', pretokenizers: [BYTE_LEVEL, { type: 'Split', pattern: { String: ' ' }, behavior: 'Isolated' }] })), /Split after ByteLevel is not supported/);
  });

  it('split patterns JavaScript cannot run as Hugging Face means them are refused with the reason', () => {
    const withPattern = (Regex: string) => edited((json) => (json.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex }, behavior: 'Isolated', invert: false }, { ...BYTE_LEVEL, use_regex: false }] }));
    assertRejected(withPattern('a++'), /\.pre_tokenizer\.pretokenizers\[0\]\.pattern\.Regex: pattern "a\+\+" uses a possessive quantifier at index 2/);
    assertRejected(withPattern('(?>ab)c'), /uses group syntax "\(\?>a"/);
    assertRejected(withPattern('(?m)x'), /uses group syntax "\(\?m\)"/);
    assertRejected(withPattern('[a&&b]'), /uses a character-class intersection/);
    assertRejected(withPattern('[[:alpha:]]'), /uses a nested character class or POSIX bracket/);
    assertRejected(withPattern('\\p{NotAProperty}'), /uses the unknown property "NotAProperty"/);
    assertRejected(withPattern('(ab'), /uses an unclosed "\("/);
    assertRejected(withPattern('\\Qx'), /uses the escape "\\Q"/);
  });

  it('a catastrophic pattern is accepted but flagged as untrusted, so the caller runs it where it can be stopped', () => {
    const json = edited((json) => (json.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: '(a|aa)+$' }, behavior: 'Isolated', invert: false }, { ...BYTE_LEVEL, use_regex: false }] }));
    const tokenizer = HfTokenizer.fromJson(fileBytes(json), 'tokenizer.json');
    assert.deepEqual(tokenizer.untrustedPatterns, ['(a|aa)+$']);
    assert.ok(tokenizer.encode('aab').length > 0); // harmless input still encodes
  });

  it('a SentencePiece-style file without byte fallback or unk drops unknown characters, as Hugging Face does', () => {
    const json = metaspaceFile({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } });
    const tokenizer = HfTokenizer.fromJson(fileBytes(json), 'tokenizer.json');
    assert.deepEqual(tokenizer.encode('\u{1F600}'), []);
  });
});
