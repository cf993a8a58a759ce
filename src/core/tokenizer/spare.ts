/**
 * Memory a load is done with, handed to its later phases: its pages are touched already, and
 * touching a fresh page costs more than most work done on it (~11 µs on the development VM,
 * where a load's phases each build arrays of a few MB). Arrays taken here are not zeroed.
 */
export class Spare {
  private readonly free: ArrayBuffer[] = [];

  /** The whole buffer under `array`, for a later phase: no view of it is read or written after this. A view of part of a buffer is kept out. */
  release(array: ArrayBufferView): void {
    if (array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength) this.free.push(array.buffer);
  }

  /** An Int32Array of `length` over released memory when some is large enough (contents arbitrary), else a new one. */
  int32(length: number): Int32Array {
    const buffer = this.take(length * Int32Array.BYTES_PER_ELEMENT);
    return buffer ? new Int32Array(buffer, 0, length) : new Int32Array(length);
  }

  /** As int32, for bytes. */
  uint8(length: number): Uint8Array {
    const buffer = this.take(length);
    return buffer ? new Uint8Array(buffer, 0, length) : new Uint8Array(length);
  }

  /** The smallest released buffer of at least `bytes`, taken out of the list. */
  private take(bytes: number): ArrayBuffer | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i].byteLength >= bytes && (best < 0 || this.free[i].byteLength < this.free[best].byteLength)) best = i;
    }
    return best < 0 ? undefined : this.free.splice(best, 1)[0];
  }
}
