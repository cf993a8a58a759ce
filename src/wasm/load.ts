// AssemblyScript, compiled to WebAssembly by esbuild.js (not TypeScript: see ./tsconfig.json): the
// entry of the scanners a first load of a tokenizer.json runs (src/core/hf/loadScanner.ts).
// Exact or nothing: anything they are not sure of fails the scan, and the caller reads the file
// with JSON.parse, which decides and words the error.

export { setCharToByte } from './jsonString';
export { countShortTokens, isShortTokenAt } from './vocabulary';
export * from './mergesScan';
export * from './vocabularyScan';
export * from './rankSlots';
