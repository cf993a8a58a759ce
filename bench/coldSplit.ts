// Cold cost of one chunk in a fresh process (CPU), for instruction counting under valgrind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Encoder } from '../src/core/tokenizer';
import { hostileInputs } from './corpus';
import { findRoot } from './peers';
const encoder = Encoder.fromRankFile(readFileSync(join(findRoot(), 'dist', 'ranks', 'o200k_base.tlr')), 'o200k_base');
const text = process.argv[2] === 'word' ? 'hello' : hostileInputs(20_000)[process.argv[2]];
encoder.count(text);
