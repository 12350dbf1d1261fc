import { FramedScanner } from './framed-scanner.js';
import type { ScanOptions, SegmentScan } from './segment-scan.js';
import type { FrameInfo, HeaderFields } from '../model/file-format.js';
import type { Crc64 } from './crc64.js';
import { pagePastSize } from './page-past-size.js';
import {
  SQLD_FRAME_HEADER_SIZE,
  SQLD_FRAME_SIZE,
  chainedFrameCrc,
  readStoredCrc,
  sqldFrameNo,
  sqldFramePageNo,
  sqldFrameSizeAfter,
  storedCrcIs,
} from './sqld-frame.js';
import {
  SNAPSHOT_HEADER_SIZE,
  type SnapshotHeader,
  decodeSnapshotHeader,
  snapshotExpectedSize,
} from './sqld-snapshot.js';

/**
 * Reads and verifies a `.snap` in one pass: frames in strictly descending frame number (sqld's
 * reader refuses anything else), inside the header's range, each page once. The frames keep the
 * log's checksums and a snapshot drops superseded frames, so the chain is checked where it can
 * be: a frame whose predecessor (frame number one less) follows it in the file must carry the
 * checksum the log's chain step gives from that predecessor's checksum over its own page.
 */
export class SnapshotScanner extends FramedScanner<SnapshotHeader> {
  private slot = 0;
  private records = 0;
  private previous: bigint | null = null;
  /** The frame read before (`previous`): the next one proves its page or leaves it unproven. */
  private previousFrame = { pageNo: 0, index: 0 };
  private readonly pages = new Set<number>();
  /** The last frame of the run read before, whose successor-in-the-log check needs its bytes. */
  private readonly lastFrame = new Uint8Array(SQLD_FRAME_SIZE);
  private readonly seed: Crc64 = { hi: 0, lo: 0 };
  private readonly computed: Crc64 = { hi: 0, lo: 0 };
  private chained = 0;
  private brokenAt: bigint | null = null;

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { size: SNAPSHOT_HEADER_SIZE, name: 'header of a snapshot' });
  }

  protected onHeader(bytes: Uint8Array): { recordSize: number; records: number } {
    const h = decodeSnapshotHeader(bytes);
    this.header = h;
    if (h.startFrameNo > h.endFrameNo)
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `the header's start frame ${h.startFrameNo} is after its end frame ${h.endFrameNo}`,
      );
    if (h.padding !== 0) this.log.warn('HEADER_MISMATCH', `the header's padding is ${h.padding}, not 0`);
    const fit =
      this.size > BigInt(SNAPSHOT_HEADER_SIZE)
        ? (this.size - BigInt(SNAPSHOT_HEADER_SIZE)) / BigInt(SQLD_FRAME_SIZE)
        : 0n;
    this.records = Number(h.frameCount < fit ? h.frameCount : fit);
    return { recordSize: SQLD_FRAME_SIZE, records: this.records };
  }

  protected override onFrames(records: Uint8Array, count: number): { recordSize: number; records: number } | number {
    const h = this.header;
    if (!h) return 0;
    for (let k = 0; k < count; k++) {
      const at = k * SQLD_FRAME_SIZE;
      const index = this.slot++;
      const frame = {
        index,
        pageNo: sqldFramePageNo(records, at),
        sizeAfter: sqldFrameSizeAfter(records, at),
        frameNo: sqldFrameNo(records, at),
      };
      if (this.previous !== null && frame.frameNo + 1n === this.previous)
        this.checkChain(records, at, k > 0 ? { bytes: records, at: at - SQLD_FRAME_SIZE } : null);
      else this.unproven();
      this.check(frame, h);
      if (this.options.collectFrames) this.frames.push(frame);
      if (this.options.slotLimit === undefined || index < this.options.slotLimit) {
        this.options.onPage?.(frame, records.subarray(at + SQLD_FRAME_HEADER_SIZE, at + SQLD_FRAME_SIZE));
      }
    }
    if (count > 0) this.lastFrame.set(records.subarray((count - 1) * SQLD_FRAME_SIZE, count * SQLD_FRAME_SIZE));
    return { recordSize: SQLD_FRAME_SIZE, records: this.records - this.slot };
  }

  /**
   * The frame before this one in the file (`later`, null: the last of the previous run) is its
   * successor in the log: its checksum must follow from this frame's over its own page.
   */
  private checkChain(records: Uint8Array, at: number, later: { bytes: Uint8Array; at: number } | null): void {
    const { bytes, at: laterAt } = later ?? { bytes: this.lastFrame, at: 0 };
    readStoredCrc(this.seed, records, at);
    chainedFrameCrc(this.computed, this.seed, bytes, laterAt);
    this.chained++;
    if (storedCrcIs(this.computed, bytes, laterAt) || this.brokenAt !== null) return;
    this.brokenAt = sqldFrameNo(bytes, laterAt);
    this.log.add(
      'CHAIN_BROKEN',
      `the CRC-64 chain breaks at frame ${this.brokenAt} (page ${sqldFramePageNo(bytes, laterAt)}): its checksum ` +
        `does not follow from frame ${this.brokenAt - 1n}'s over its page; the snapshot was altered or damaged`,
    );
  }

  /**
   * The frame read before this one is not this frame's successor in the log (or this is the end):
   * its predecessor was dropped, so its page is covered by no checksum this file holds.
   */
  private unproven(): void {
    if (this.previous === null) return;
    const { pageNo, index } = this.previousFrame;
    // Delivered frames only, as onPage delivers them: the file's first `slotLimit`.
    if (this.options.slotLimit === undefined || index < this.options.slotLimit)
      this.options.onUnproven?.({ pageNo, frameNo: this.previous });
  }

  private check(frame: FrameInfo, h: SnapshotHeader): void {
    if (this.previous !== null && frame.frameNo >= this.previous) {
      this.log.add(
        'FRAME_ORDER',
        `frame ${frame.frameNo} follows frame ${this.previous}: a snapshot's frames must be in strictly ` +
          `descending order, and sqld refuses it`,
      );
    }
    this.previous = frame.frameNo;
    this.previousFrame = { pageNo: frame.pageNo, index: frame.index };
    if (frame.frameNo < h.startFrameNo || frame.frameNo > h.endFrameNo) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `frame ${frame.frameNo} is outside the header's range ${h.startFrameNo}..${h.endFrameNo}`,
      );
    }
    if (frame.pageNo === 0)
      this.log.add('FRAME_ORDER', `frame ${frame.frameNo} holds page 0; SQLite pages are numbered from 1`);
    else if (this.pages.has(frame.pageNo))
      this.log.add(
        'FRAME_ORDER',
        `page ${frame.pageNo} appears twice; a snapshot keeps the newest version of each page once`,
      );
    this.pages.add(frame.pageNo);
    if (h.sizeAfter !== 0 && frame.pageNo > h.sizeAfter)
      pagePastSize(this.log, 'the snapshot', { pageNo: frame.pageNo, frame: frame.frameNo }, h.sizeAfter);
    if (frame.sizeAfter !== 0)
      this.log.warn(
        'FRAME_ORDER',
        `frame ${frame.frameNo} records a database size; sqld writes 0 in every snapshot frame`,
      );
  }

  protected result(h: SnapshotHeader): SegmentScan {
    // The last frame (the lowest) has no predecessor beside it.
    this.unproven();
    const unproven = this.slot - this.chained;
    if (unproven > 0)
      this.log.warn(
        'UNPROVEN_FRAMES',
        `${unproven} of ${this.slot} frames are covered by no checksum: the frame before each in the log was ` +
          `superseded and dropped when sqld compacted the log, so damage to their pages cannot be seen ` +
          `(the other ${this.chained} continue the chain and were checked)`,
      );
    const expectedSize = snapshotExpectedSize(h.frameCount);
    if (this.size < expectedSize) {
      this.log.add(
        'TRUNCATED_SEGMENT',
        `the header counts ${h.frameCount} frames (${expectedSize} bytes) but the file is ${this.size} bytes`,
      );
    } else if (this.size > expectedSize) {
      this.log.add(
        'TRAILING_DATA',
        `the file is ${this.size} bytes, ${this.size - expectedSize} more than its header implies`,
      );
    }
    if (h.sizeAfter === 0)
      this.log.add('MISSING_COMMIT_FRAME', 'the header records no database size after the snapshot');
    const fields: HeaderFields = {
      frameCount: h.frameCount,
      segmentId: h.logId,
      startFrameNo: h.startFrameNo,
      endFrameNo: h.endFrameNo,
      logId: h.logId,
      sizeAfter: h.sizeAfter,
    };
    return {
      header: fields,
      expectedSize,
      checksum: {
        stored: null,
        computed: null,
        ok: this.chained > 0 ? this.brokenAt === null : null,
        brokenAtFrame: this.brokenAt !== null ? Number(this.brokenAt) : null,
        chained: { frames: this.chained, of: this.slot },
      },
      problems: this.log.list(),
      frames: this.frames,
      commits: [{ frameNo: h.endFrameNo, sizeAfter: h.sizeAfter, slots: this.slot }],
      timeMs: null,
    };
  }
}
