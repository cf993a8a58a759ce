import { Encoder } from './encoder';
import type { EncodingName } from './encodings';

/** Reads an encoding's rank file; how (fs, workspace.fs, fetch) is the caller's business. */
export type RankFileReader = (name: EncodingName) => Promise<Uint8Array>;

/** Loads each encoder once, on first use, and shares it. */
export class EncoderLoader {
  private readonly loading = new Map<EncodingName, Promise<Encoder>>();
  private readonly loaded = new Map<EncodingName, Encoder>();

  constructor(private readonly readRankFile: RankFileReader) {}

  load(name: EncodingName): Promise<Encoder> {
    let pending = this.loading.get(name);
    if (!pending) {
      pending = this.readRankFile(name).then((file) => {
        const encoder = Encoder.fromRankFile(file, `${name} rank file`);
        this.loaded.set(name, encoder);
        return encoder;
      });
      // A failed load may be retried (e.g. after the file is rebuilt).
      pending.catch(() => this.loading.delete(name));
      this.loading.set(name, pending);
    }
    return pending;
  }

  /** The encoder if it has finished loading, without waiting. */
  peek(name: EncodingName): Encoder | undefined {
    return this.loaded.get(name);
  }
}
