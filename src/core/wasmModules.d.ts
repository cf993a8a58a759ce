/** A `.wasm` file imported by core: its bytes, built from src/wasm/ and bundled by esbuild.js. */
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
