export { HfTokenizer, MAX_TOKENIZER_FILE_BYTES, readTokenizerData, type HfEncodeOptions, type HfTokenizerData } from './hfTokenizer';
export { parseTokenizerCache, serializeTokenizerCache } from './cache';
export { TokenizerFileError } from './json';
export { PatternError, translatePattern } from './regex';
export { chatTemplateOf } from './chatTemplate';
