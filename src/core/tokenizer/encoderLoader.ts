import { Encoder } from './encoder';
import type { EncodingName } from './encodings';
import { parseRankFile } from './rankFile';
import { RankTable } from './rankTable';

/** Reads an encoding's rank file; how (fs, workspace.fs, fetch) is the caller's business. */
export type RankFileReader = (name: EncodingName) => Promise<Uint8Array>;

/** Gives the thread back to others for a moment (e.g. a zero-delay timer). */
export type Pause = () => Promise<void>;

/**
 * Loads each encoder once, on first use, and shares it. Its rank table's hash index is built in
 * slices with a pause between them, so a thread shared with others (the extension host) is never
 * held for the whole pass over 200,000 tokens.
 */
export class EncoderLoader {
  private readonly loading = new Map<EncodingName, Promise<Encoder>>();
  private readonly loaded = new Map<EncodingName, Encoder>();

  constructor(
    private readonly readRankFile: RankFileReader,
    private readonly pause: Pause = () => new Promise((resolve) => setTimeout(resolve, 0)),
  ) {}

  load(name: EncodingName): Promise<Encoder> {
    let pending = this.loading.get(name);
    if (!pending) {
      pending = this.readRankFile(name).then(async (file) => {
        const data = parseRankFile(file, `${name} rank file`);
        await this.pause();
        const encoder = new Encoder(data, await RankTable.buildSlots(data, this.pause));
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
