/**
 * The part of WebAssembly core uses (./hf/mergesScan.ts), for the projects whose libraries do not
 * declare it (Node's types, core's own): VS Code for the Web's worker library declares it whole.
 */
declare namespace WebAssembly {
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
