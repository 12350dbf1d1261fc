/**
 * Cuts a byte stream into a fixed-size header followed by fixed-size records, whatever the chunk
 * boundaries: the shape of sealed and v1 segments. Records are handed over as views valid only
 * during the callback.
 */
export class RecordStream {
  private readonly header: Uint8Array;
  private readonly record: Uint8Array;
  private headerFill = 0;
  private recordFill = 0;
  private recordsSeen = 0;

  constructor(
    headerSize: number,
    recordSize: number,
    private readonly onHeader: (header: Uint8Array) => void,
    private readonly onRecord: (record: Uint8Array, index: number) => void,
    private readonly maxRecords = Number.MAX_SAFE_INTEGER,
  ) {
    this.header = new Uint8Array(headerSize);
    this.record = new Uint8Array(recordSize);
  }

  get records(): number {
    return this.recordsSeen;
  }

  /** Bytes of a record cut off by the end of the stream. */
  get partialRecordBytes(): number {
    return this.recordFill;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.headerFill < this.header.length) {
      const n = Math.min(this.header.length - this.headerFill, chunk.length);
      this.header.set(chunk.subarray(0, n), this.headerFill);
      this.headerFill += n;
      at = n;
      if (this.headerFill < this.header.length) return;
      this.onHeader(this.header);
    }
    while (at < chunk.length && this.recordsSeen < this.maxRecords) {
      const size = this.record.length;
      if (this.recordFill === 0 && chunk.length - at >= size) {
        this.emit(chunk.subarray(at, at + size));
        at += size;
        continue;
      }
      const n = Math.min(size - this.recordFill, chunk.length - at);
      this.record.set(chunk.subarray(at, at + n), this.recordFill);
      this.recordFill += n;
      at += n;
      if (this.recordFill === size) {
        this.recordFill = 0;
        this.emit(this.record);
      }
    }
  }

  private emit(record: Uint8Array): void {
    this.onRecord(record, this.recordsSeen);
    this.recordsSeen++;
  }
}
