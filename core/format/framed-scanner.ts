import type { FrameInfo } from '../model/file-format.js';
import { type Next, PieceReader } from './piece-reader.js';
import { ProblemLog } from './problem.js';
import { type ScanOptions, type SegmentScan, type SegmentScanner, emptyChecksum } from './segment-scan.js';

/** The header a scanner starts with: its size, and how a file too short for it is described. */
export interface FramedHeader {
  size: number;
  /** Completes "shorter than the N-byte …": "header", "header of a snapshot". */
  name: string;
}

/**
 * What every streaming scanner of a framed file shares: a PieceReader that hands over the
 * header, then the pieces or runs of frames the scanner asks for; the problem log; the frames
 * collected; and the answer for a file too short for its header. A format's scanner decodes its
 * header (`onHeader`), its frames (`onFrames` for runs of records, `onPiece` for single pieces)
 * and turns what it read into a result once a header was read (`result`).
 */
export abstract class FramedScanner<H> implements SegmentScanner {
  protected readonly log = new ProblemLog();
  protected header: H | null = null;
  protected readonly frames: FrameInfo[] = [];
  protected readonly reader: PieceReader;

  constructor(
    protected readonly size: bigint,
    protected readonly options: ScanOptions,
    private readonly headerShape: FramedHeader,
  ) {
    this.reader = new PieceReader(
      headerShape.size,
      (piece, offset) => (offset === 0 ? this.onHeader(piece) : (this.onPiece?.(piece) ?? 0)),
      (records, _offset, count) => this.onFrames?.(records, count) ?? 0,
    );
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  /** Decodes and checks the header (setting `header`); returns what to read next. */
  protected abstract onHeader(bytes: Uint8Array): Next;

  /** A piece after the header that is not a run of records (a frame read alone, a footer). */
  protected onPiece?(piece: Uint8Array): Next;

  /** `count` records of the run the scanner asked for, back to back. */
  protected onFrames?(records: Uint8Array, count: number): Next;

  /** The scan's result once the header was read. */
  protected abstract result(header: H): SegmentScan;

  finish(): SegmentScan {
    const h = this.header;
    if (h) return this.result(h);
    const { size, name } = this.headerShape;
    this.log.add('TRUNCATED_SEGMENT', `the file is ${this.size} bytes, shorter than the ${size}-byte ${name}`);
    return {
      header: null,
      expectedSize: null,
      checksum: emptyChecksum(),
      problems: this.log.list(),
      frames: [],
      commits: [],
      timeMs: null,
    };
  }
}
