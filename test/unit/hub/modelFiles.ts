/** Small safetensors models for the Hub tests: a Llama-style single file, a GPT-2-style model split over two shards, and a tokenizer.json that fits them. */
import { bytesReader } from '../../../src/core/embeddings/randomAccess';
import { encodeFloats } from '../../../src/core/embeddings/safetensors/dtypes';
import { SafetensorsEmbeddings } from '../../../src/core/embeddings/safetensors/embeddingFile';
import { readSafetensorsHeader } from '../../../src/core/embeddings/safetensors/header';
import { encodeSafetensorsRaw } from '../../../src/core/embeddings/safetensors/writer';
import { byteLevelFile, fileBytes } from '../../support/hfFiles';
import { textBytes } from './helpers';

export const VOCAB = 1000;
export const DIM = 64;
/** BF16 rows of the Llama-style file. */
export const ROW_BYTES = DIM * 2;

function matrix(rows: number, columns: number, seed: number): Float32Array {
  const values = new Float32Array(rows * columns);
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.37 + seed) * 0.05;
  return values;
}

/** model.embed_tokens.weight (BF16 1000 × 64) after a 1 MB layer the lazy reader must never fetch. */
export function llamaFile(): Uint8Array {
  return encodeSafetensorsRaw([
    { name: 'model.layers.0.mlp.up_proj.weight', dtype: 'F32', shape: [1024, 256], bytes: encodeFloats(matrix(1024, 256, 1), 'F32') },
    { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [VOCAB, DIM], bytes: encodeFloats(matrix(VOCAB, DIM, 2), 'BF16') },
    { name: 'model.norm.weight', dtype: 'F32', shape: [DIM], bytes: encodeFloats(matrix(1, DIM, 3), 'F32') },
  ]);
}

/** GPT-2 style, sharded: wte in the first shard, wpe in the second. */
export function gpt2Shards(): Record<string, Uint8Array> {
  const first = encodeSafetensorsRaw([
    { name: 'h.0.attn.c_attn.weight', dtype: 'F32', shape: [256, 256], bytes: encodeFloats(matrix(256, 256, 4), 'F32') },
    { name: 'wte.weight', dtype: 'F32', shape: [VOCAB, DIM], bytes: encodeFloats(matrix(VOCAB, DIM, 5), 'F32') },
  ]);
  const second = encodeSafetensorsRaw([
    { name: 'wpe.weight', dtype: 'F16', shape: [128, DIM], bytes: encodeFloats(matrix(128, DIM, 6), 'F16') },
    { name: 'ln_f.weight', dtype: 'F32', shape: [DIM], bytes: encodeFloats(matrix(1, DIM, 7), 'F32') },
  ]);
  const index = {
    metadata: { total_size: first.length + second.length },
    weight_map: {
      'h.0.attn.c_attn.weight': 'model-00001-of-00002.safetensors',
      'wte.weight': 'model-00001-of-00002.safetensors',
      'wpe.weight': 'model-00002-of-00002.safetensors',
      'ln_f.weight': 'model-00002-of-00002.safetensors',
    },
  };
  return {
    'model.safetensors.index.json': textBytes(JSON.stringify(index)),
    'model-00001-of-00002.safetensors': first,
    'model-00002-of-00002.safetensors': second,
  };
}

/** The same file read locally, the reference for every remote read. */
export async function localCopy(bytes: Uint8Array, positions?: Uint8Array): Promise<SafetensorsEmbeddings> {
  const reader = bytesReader(bytes);
  const header = await readSafetensorsHeader(reader, 'local');
  const positionShard = positions ? { reader: bytesReader(positions), header: await readSafetensorsHeader(bytesReader(positions), 'local-2') } : undefined;
  return new SafetensorsEmbeddings(reader, header, { file: 'local', positionShard });
}

/** 8 + the header length: the bytes a reader needs before any row. */
export function headerBytes(file: Uint8Array): number {
  return 8 + new DataView(file.buffer, file.byteOffset).getUint32(0, true);
}

const LLAMA3_SPLIT = {
  type: 'Split',
  pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" },
  behavior: 'Isolated',
  invert: false,
};
/** A small byte-level tokenizer.json (a few hundred ids: fits the 1,000 rows of llamaFile). */
export const smallTokenizer = () => fileBytes(byteLevelFile({ preTokenizer: { type: 'Sequence', pretokenizers: [LLAMA3_SPLIT, { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] } }));
