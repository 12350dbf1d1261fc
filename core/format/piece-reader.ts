/**
 * Cuts a byte stream into pieces whose sizes the consumer decides as it goes (a header, then
 * frames, then an index of the size the header gave), whatever the chunk boundaries. A piece is
 * a view into the chunk when it lies inside one, else a copy; either is valid only during the
 * callback. The callback returns the next piece's size, or 0 to take no more.
 */
export class PieceReader {
  private buffer = new Uint8Array(0);
  private fill = 0;
  private want: number;
  private offset = 0;
  private consumed = 0;

  constructor(
    firstSize: number,
    private readonly onPiece: (piece: Uint8Array, offset: number) => number,
  ) {
    this.want = firstSize;
  }

  /** Bytes seen past the last piece taken (trailing data, or a piece cut off by the end). */
  get leftover(): number {
    return this.consumed - this.offset;
  }

  /** Bytes of the piece being assembled when the stream ended (0 when none was cut off). */
  get partial(): number {
    return this.want > 0 ? this.fill : 0;
  }

  /** The size of the piece still wanted, 0 once the consumer stopped. */
  get wanted(): number {
    return this.want;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    this.consumed += chunk.length;
    while (this.want > 0 && at < chunk.length) {
      if (this.fill === 0 && chunk.length - at >= this.want) {
        const size = this.want;
        this.deliver(chunk.subarray(at, at + size));
        at += size;
        continue;
      }
      if (this.buffer.length < this.want) this.buffer = new Uint8Array(this.want);
      const n = Math.min(this.want - this.fill, chunk.length - at);
      this.buffer.set(chunk.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
      if (this.fill === this.want) {
        this.fill = 0;
        this.deliver(this.buffer.subarray(0, this.want));
      }
    }
  }

  private deliver(piece: Uint8Array): void {
    const at = this.offset;
    this.offset += piece.length;
    this.want = this.onPiece(piece, at);
  }
}
