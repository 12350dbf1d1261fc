/**
 * What a consumer wants next: a piece of that many bytes (0: nothing more), or a run of
 * fixed-size records, handed over as many at a time as a chunk holds.
 */
export type Next = number | { recordSize: number; records: number };

/**
 * Cuts a byte stream into pieces whose sizes the consumer decides as it goes (a header, then
 * frames, then an index of the size the header gave), whatever the chunk boundaries. A piece is
 * a view into the chunk when it lies inside one, else a copy of its own that the reader never
 * writes again: either keeps its bytes as long as the chunk it came from does, so a consumer may
 * queue a page for writing without copying it. Runs of records come in batches, so a checksum can
 * cover many records in one call.
 */
export class PieceReader {
  private buffer = new Uint8Array(0);
  private fill = 0;
  private want = 0;
  private run: { recordSize: number; records: number } | null = null;
  private offset = 0;
  private consumed = 0;

  constructor(
    first: Next,
    private readonly onPiece: (piece: Uint8Array, offset: number) => Next,
    private readonly onRecords: (records: Uint8Array, offset: number, count: number) => Next = onPiece,
  ) {
    this.setNext(first);
  }

  /** Bytes seen past the last piece taken (trailing data, or a piece cut off by the end). */
  get leftover(): number {
    return this.consumed - this.offset;
  }

  /** Bytes of the piece being assembled when the stream ended (0 when none was cut off). */
  get partial(): number {
    return this.wanted > 0 ? this.fill : 0;
  }

  /** The size of the piece (or record) still wanted, 0 once the consumer stopped. */
  get wanted(): number {
    return this.run ? this.run.recordSize : this.want;
  }

  private setNext(next: Next): void {
    if (typeof next === 'number') {
      this.run = null;
      this.want = next;
    } else {
      this.run = next.records > 0 ? next : null;
      this.want = 0;
    }
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    this.consumed += chunk.length;
    while (at < chunk.length) {
      const size = this.wanted;
      if (size === 0) return;
      if (this.fill === 0 && chunk.length - at >= size) {
        const count = this.run ? Math.min(this.run.records, Math.floor((chunk.length - at) / size)) : 1;
        at += this.deliver(chunk.subarray(at, at + count * size), count);
        continue;
      }
      if (this.buffer.length < size) this.buffer = new Uint8Array(size);
      const n = Math.min(size - this.fill, chunk.length - at);
      this.buffer.set(chunk.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
      if (this.fill === size) {
        this.fill = 0;
        const piece = this.buffer.subarray(0, size);
        // A piece cut by a chunk's end is rare (one a chunk at most): the next gets a buffer of its own.
        this.buffer = new Uint8Array(0);
        this.deliver(piece, 1);
      }
    }
  }

  private deliver(bytes: Uint8Array, count: number): number {
    const at = this.offset;
    this.offset += bytes.length;
    this.setNext(this.run ? this.onRecords(bytes, at, count) : this.onPiece(bytes, at));
    return bytes.length;
  }
}
