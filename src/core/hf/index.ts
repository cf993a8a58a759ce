export { CONTEXT_LENGTH_RANGE, type ConfigFile, type ModelContextLength, configContextLength, readContextLength, tokenizerConfigContextLength } from './contextLength';
export { HfTokenizer, type HfEncodeOptions, type HfTokenizerData } from './hfTokenizer';
export { tokenizerBudgetTarget } from './budgetTarget';
export { MAX_TOKENIZER_FILE_BYTES, readTokenizerData, readTokenizerFile } from './tokenizerFile';
export type { FileReader } from './fileWindow';
export { parseTokenizerCache, serializeTokenizerCache } from './cache';
export { TokenizerFileError } from './json';
export { PatternError, translatePattern } from './regex';
export { type TokenizerChatFraming, chatCountText, chatFramingOf, chatTemplateOf, chatTemplateOfTokenizer } from './chatTemplate';
