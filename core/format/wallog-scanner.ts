import { FramedScanner } from './framed-scanner.js';
import { type Crc64, crc64FromBigInt, crc64ToBigInt } from './crc64.js';
import { PAGE_SIZE } from './frame.js';
import { u64leExact } from './byte-fields.js';
import { pagePastSize, transactionAt } from './page-past-size.js';
import { RisingPages } from './rising-pages.js';
import type { CommitPoint, ScanOptions, SegmentScan } from './segment-scan.js';
import type { HeaderFields } from '../model/file-format.js';
import type { Problem } from '../model/problem.js';
import type { ErrorCode } from '../errors.js';
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
  WALLOG_HEADER_SIZE,
  WALLOG_MAGIC,
  WALLOG_VERSION,
  type WallogHeader,
  decodeWallogHeader,
  wallogEndFrameNo,
  wallogExpectedSize,
} from './wallog.js';

/**
 * Reads and verifies a replication log in one pass: the header, frame numbers that follow
 * start_frame_no, the CRC-64 chain over the committed frames, and the uncommitted tail (frames
 * of a transaction in progress, rolled back or cut by a crash), which is legitimate but never
 * part of the database. Delivers only committed frames to `onPage`.
 */
export class WallogScanner extends FramedScanner<WallogHeader> {
  private committed = 0;
  private slot = 0;
  private whole = 0;
  // The checksums are updated in place, frame after frame: a verify of a gigabyte allocates nothing a frame.
  private readonly chain: Crc64 = { hi: 0, lo: 0 };
  private readonly computed: Crc64 = { hi: 0, lo: 0 };
  /** The last committed frame's checksum (the next log's start_checksum after a compaction). */
  private readonly committedChain: Crc64 = { hi: 0, lo: 0 };
  /** start_frame_no as a number when every frame number the file holds is exact as one (else compared as bigints). */
  private startNumber: number | null = null;
  private brokenAt: bigint | null = null;
  private tailHolds = 0;
  private tailBroken = false;
  private lastSizeAfter = 0;
  /** The pages the committed transaction being read writes so far, as far as a page past its size needs. */
  private readonly txPages = new RisingPages();
  /** The slot of the first frame of the transaction being read (the one after the last commit). */
  private txStartSlot = 0;
  /**
   * The first slot of the first transaction found damaged, the first slot in it the damage reaches,
   * and the codes such damage was reported with.
   */
  private damagedSlot: number | null = null;
  private unprovenSlot = 0;
  private readonly damageCodes = new Set<ErrorCode>();
  /** The first frame is not numbered start_frame_no: no frame number the log gives is known. */
  private startContradicted = false;
  private readonly commits: CommitPoint[] = [];

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { size: WALLOG_HEADER_SIZE, name: "header of sqld's log" });
  }

  protected onHeader(bytes: Uint8Array): { recordSize: number; records: number } | number {
    const h = decodeWallogHeader(bytes);
    this.header = h;
    if (h.magic !== WALLOG_MAGIC) {
      this.log.add('BAD_MAGIC', `the magic is 0x${h.magic.toString(16)}, not sqld's SQLDWAL`);
      return 0;
    }
    if (h.pageSize !== PAGE_SIZE) {
      this.log.add('BAD_PAGE_SIZE', `page size ${h.pageSize}; sqld's log holds ${PAGE_SIZE}-byte pages only`);
      return 0;
    }
    if (h.version < WALLOG_VERSION)
      this.log.warn(
        'BAD_VERSION',
        `log version ${h.version}: sqld rebuilds a log older than version ${WALLOG_VERSION} from the database ` +
          `when it opens`,
      );
    else if (h.version > WALLOG_VERSION)
      this.log.warn(
        'BAD_VERSION',
        `log version ${h.version} is newer than version ${WALLOG_VERSION}, the one Segscope knows`,
      );
    Object.assign(this.chain, crc64FromBigInt(h.startChecksum));
    Object.assign(this.committedChain, this.chain);
    const whole =
      this.size > BigInt(WALLOG_HEADER_SIZE) ? (this.size - BigInt(WALLOG_HEADER_SIZE)) / BigInt(SQLD_FRAME_SIZE) : 0n;
    this.whole = Number(whole);
    if (h.startFrameNo + whole <= BigInt(Number.MAX_SAFE_INTEGER)) this.startNumber = Number(h.startFrameNo);
    this.committed = Number(h.frameCount < whole ? h.frameCount : whole);
    return { recordSize: SQLD_FRAME_SIZE, records: this.whole };
  }

  protected override onFrames(records: Uint8Array, count: number): { recordSize: number; records: number } | number {
    const h = this.header;
    if (!h) return 0;
    const limit = this.options.slotLimit ?? this.committed;
    const { onPage, collectFrames } = this.options;
    for (let k = 0; k < count; k++) {
      const at = k * SQLD_FRAME_SIZE;
      const slot = this.slot++;
      chainedFrameCrc(this.computed, this.chain, records, at);
      const holds = storedCrcIs(this.computed, records, at);
      const numbered = this.numbered(records, at, slot, h);
      const pageNo = sqldFramePageNo(records, at);
      const sizeAfter = sqldFrameSizeAfter(records, at);
      const delivered = onPage !== undefined && slot < this.committed && slot < limit;
      // A frame object (and its bigint frame number) only for those who take one.
      const frame =
        delivered || collectFrames ? { index: slot, pageNo, sizeAfter, frameNo: sqldFrameNo(records, at) } : null;
      if (slot < this.committed) {
        this.lastSizeAfter = sizeAfter;
        if (pageNo > this.txPages.highest) this.txPages.raise(pageNo, slot);
        // Most frames have nothing to record: the call (and its object) is for those that do.
        if (!numbered || !holds || pageNo === 0 || sizeAfter !== 0)
          this.checkCommitted(records, at, slot, { numbered, holds, pageNo, sizeAfter }, h);
        // Later frames are checked against what is stored, so one damaged frame is reported once.
        readStoredCrc(this.chain, records, at);
        this.committedChain.hi = this.chain.hi;
        this.committedChain.lo = this.chain.lo;
        if (delivered && frame) onPage(frame, records.subarray(at + SQLD_FRAME_HEADER_SIZE, at + SQLD_FRAME_SIZE));
      } else if (!this.tailBroken) {
        if (holds && numbered) {
          this.tailHolds++;
          readStoredCrc(this.chain, records, at);
        } else this.tailBroken = true;
      }
      if (collectFrames && frame) this.frames.push(frame);
    }
    return { recordSize: SQLD_FRAME_SIZE, records: this.whole - this.slot };
  }

  /** Whether the frame at `slot` carries frame number start_frame_no + slot. */
  private numbered(records: Uint8Array, at: number, slot: number, h: WallogHeader): boolean {
    // u64leExact is NaN past 2^53, where the expected number never is: such a frame is misnumbered.
    if (this.startNumber !== null) return u64leExact(records, at) === this.startNumber + slot;
    return sqldFrameNo(records, at) === h.startFrameNo + BigInt(slot);
  }

  private checkCommitted(
    records: Uint8Array,
    at: number,
    slot: number,
    frame: { numbered: boolean; holds: boolean; pageNo: number; sizeAfter: number },
    h: WallogHeader,
  ): void {
    const expected = (): bigint => h.startFrameNo + BigInt(slot);
    if (!frame.numbered) {
      this.log.add(
        'FRAME_ORDER',
        () =>
          `the frame at slot ${slot} has frame number ${sqldFrameNo(records, at)}, not ${expected()}: frames ` +
          `must follow start_frame_no one by one`,
      );
      // A later frame misnumbered is one damaged header (outside the CRC, like its size_after); a first
      // frame misnumbered contradicts the header's start_frame_no, which every frame's number rests on.
      if (slot === 0) this.startContradicted = true;
      else this.damageTransaction('FRAME_ORDER', slot);
    }
    if (!frame.holds && this.brokenAt === null) {
      this.brokenAt = expected();
      const torn =
        this.committed - slot <= 64
          ? '; near the end, this is what a power loss before sqld synced the frames leaves (a torn commit)'
          : '';
      this.log.add(
        'CHAIN_BROKEN',
        `the CRC-64 chain breaks at frame ${expected()} (page ${frame.pageNo}): the log was altered or damaged${torn}`,
      );
      this.damageTransaction('CHAIN_BROKEN', slot);
    }
    if (frame.pageNo === 0) {
      this.log.add('FRAME_ORDER', () => `frame ${expected()} holds page 0; SQLite pages are numbered from 1`);
      this.damageTransaction('FRAME_ORDER', slot);
    }
    if (frame.sizeAfter !== 0) {
      const past = this.txPages.firstPast(frame.sizeAfter);
      if (past !== null) {
        const page = { pageNo: this.txPages.highest, frame: h.startFrameNo + BigInt(this.txPages.highestSlot()) };
        pagePastSize(this.log, transactionAt(expected()), page, frame.sizeAfter);
        // Either the commit's size or the page number of each frame past it is wrong: the first such frame
        // is the first suspect.
        this.damageTransaction('PAGE_OUT_OF_RANGE', past);
      }
      this.txPages.clear();
      this.txStartSlot = slot + 1;
      this.commits.push({ frameNo: expected(), sizeAfter: frame.sizeAfter, slots: slot + 1 });
    }
  }

  /**
   * The transaction being read is damaged, from the frame at `slot` on: the commits before it stay
   * proven (the chain holds over their frames, and their pages lie within their sizes), and so do
   * its frames before `slot` (none of them is a commit), but not the commit that ends it.
   */
  private damageTransaction(code: ErrorCode, slot: number): void {
    this.damageCodes.add(code);
    if (this.damagedSlot === null) {
      this.damagedSlot = this.txStartSlot;
      this.unprovenSlot = slot;
    } else if (this.damagedSlot === this.txStartSlot && slot < this.unprovenSlot) this.unprovenSlot = slot;
  }

  /** Where the damage starts, when every error is a damaged transaction's (none is the file's as a whole). */
  private damagedFrom(h: WallogHeader, problems: readonly Problem[]): SegmentScan['damagedFrom'] {
    const slot = this.damagedSlot;
    if (slot === null || this.startContradicted) return;
    if (problems.some((p) => p.severity === 'error' && !this.damageCodes.has(p.code))) return;
    return { slot, frameNo: h.startFrameNo + BigInt(slot), unprovenFrom: h.startFrameNo + BigInt(this.unprovenSlot) };
  }

  protected result(h: WallogHeader): SegmentScan {
    const expectedSize = wallogExpectedSize(h.frameCount);
    const fine = !this.log.has('BAD_MAGIC') && !this.log.has('BAD_PAGE_SIZE');
    if (fine) this.finishChecks(h, expectedSize);
    const end = wallogEndFrameNo(h);
    const fields: HeaderFields = {
      frameCount: h.frameCount,
      segmentId: h.logId,
      startFrameNo: h.startFrameNo,
      endFrameNo: end ?? (h.startFrameNo > 0n ? h.startFrameNo - 1n : 0n),
      magic: `0x${h.magic.toString(16)}`,
      startChecksum: h.startChecksum,
      logId: h.logId,
      version: h.version,
      pageSize: h.pageSize,
      sqldVersion: h.sqldVersion,
      uncommittedFrames: this.slot - this.committed,
      lastChecksum: fine ? crc64ToBigInt(this.committedChain) : null,
    };
    const ok = fine && this.committed > 0 ? this.brokenAt === null : null;
    const problems = this.log.list();
    const damagedFrom = this.damagedFrom(h, problems);
    return {
      header: fields,
      expectedSize,
      checksum: {
        stored: null,
        computed: null,
        ok,
        brokenAtFrame: this.brokenAt !== null ? Number(this.brokenAt) : null,
      },
      problems,
      frames: this.frames,
      commits: this.commits,
      timeMs: null,
      ...(damagedFrom ? { damagedFrom } : {}),
    };
  }

  private finishChecks(h: WallogHeader, expectedSize: bigint): void {
    if (this.size < expectedSize) {
      this.log.add(
        'TRUNCATED_SEGMENT',
        `the header counts ${h.frameCount} committed frames (${expectedSize} bytes) but the file ` +
          `is ${this.size} bytes: committed frames are missing`,
      );
      // The frames still there chain as before: only the transaction cut off, and those after it, are lost.
      this.damageTransaction('TRUNCATED_SEGMENT', this.whole);
    }
    if (this.committed > 0 && this.lastSizeAfter === 0 && this.size >= expectedSize) {
      this.log.add(
        'MISSING_COMMIT_FRAME',
        `the last committed frame (${wallogEndFrameNo(h)}) records no database size: the header counts frames ` +
          `no commit ended`,
      );
      // sqld raises the count only at a commit, so the count or that frame's size_after (neither under the
      // CRC) is wrong: either way the frames before it are no commits, and the commits before them stand.
      this.damageTransaction('MISSING_COMMIT_FRAME', this.committed - 1);
    }
    const tail = this.slot - this.committed;
    if (tail > 0) {
      const holds =
        this.tailHolds === tail ? 'its whole chain holds' : `the chain holds over its first ${this.tailHolds}`;
      this.log.warn(
        'TRAILING_DATA',
        `${tail} uncommitted frames follow the committed ones (a transaction in progress, rolled back or cut ` +
          `by a crash; never part of the database); ${holds}`,
      );
    }
    const partial = Number((this.size - BigInt(WALLOG_HEADER_SIZE)) % BigInt(SQLD_FRAME_SIZE));
    if (this.size > expectedSize && partial !== 0) {
      this.log.warn(
        'TRUNCATED_SEGMENT',
        `the file ends with ${partial} bytes of a frame cut off while it was written (a crash); they are never ` +
          `part of the database`,
      );
    }
  }
}
