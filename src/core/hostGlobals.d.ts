/**
 * The host globals core may use: present in browsers, web workers, Node and VS Code for the
 * Web alike. Core is type-checked with nothing else (src/core/tsconfig.json), so any use of
 * Node, DOM or vscode APIs fails `npm run typecheck`.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare function btoa(data: string): string;

/** WebCrypto's digests (native in Node, browsers and web workers). */
declare const crypto: { readonly subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> } };

declare const performance: { now(): number };

declare function setTimeout(callback: () => void, milliseconds?: number): unknown;
