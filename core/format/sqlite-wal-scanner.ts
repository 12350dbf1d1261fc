import { FramedScanner } from './framed-scanner.js';
import { PAGE_SIZE } from './frame.js';
import { viewOf } from './byte-fields.js';
import type { CommitPoint, ScanOptions, SegmentScan } from './segment-scan.js';
import type { FrameInfo, HeaderFields } from '../model/file-format.js';
import { u32 } from './header-fields.js';
import { type WalChecksum, isWalMagic, walChecksum } from './sqlite-wal-checksum.js';
import {
  SQLITE_WAL_FRAME_HEADER,
  SQLITE_WAL_FRAME_HEADER_SIZE,
  SQLITE_WAL_HEADER,
  SQLITE_WAL_HEADER_SIZE,
  SQLITE_WAL_VERSION,
  type SqliteWalHeader,
  decodeSqliteWalHeader,
  isSqlitePageSize,
  walFrameChecksum,
} from './sqlite-wal.js';

const FRAME = SQLITE_WAL_FRAME_HEADER.fields;

/** Why SQLite's recovery stops at a frame. */
type StopReason = 'salt' | 'checksum' | 'page 0';

/**
 * Reads a WAL file as SQLite's recovery does: frames count while their salts are the header's,
 * their page is not 0 and their checksum chains; only those up to the last commit frame are part
 * of the database. What follows is legitimate (an uncommitted tail, stale frames of an earlier
 * round of the file) unless frames with the current salts after the stop hold a commit, which
 * only damage explains: SQLite would drop that committed transaction.
 */
export class SqliteWalScanner extends FramedScanner<SqliteWalHeader> {
  private frameSize = 0;
  private whole = 0;
  private slot = 0;
  private sum: WalChecksum = { s0: 0, s1: 0 };
  private headerOk = false;
  private stop: { frame: number; reason: StopReason } | null = null;
  private lostCommit: number | null = null;
  private stale = 0;
  private lastCommit = 0;
  private readonly commits: CommitPoint[] = [];
  /** Without a slot limit, a transaction's pages wait here until its commit frame is read. */
  private pending: { frame: FrameInfo; page: Uint8Array }[] = [];

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { size: SQLITE_WAL_HEADER_SIZE, name: 'header of a SQLite WAL' });
  }

  protected onHeader(bytes: Uint8Array): { recordSize: number; records: number } | number {
    const h = decodeSqliteWalHeader(bytes);
    this.header = h;
    if (!isWalMagic(h.magic))
      this.log.add('BAD_MAGIC', `the magic is 0x${h.magic.toString(16)}, not SQLite's WAL magic`);
    else if (h.version !== SQLITE_WAL_VERSION)
      this.log.add(
        'BAD_VERSION',
        `WAL format version ${h.version}, not ${SQLITE_WAL_VERSION}: SQLite ignores this WAL`,
      );
    else if (!isSqlitePageSize(h.pageSize))
      this.log.add('BAD_PAGE_SIZE', `page size ${h.pageSize} is no SQLite page size: SQLite ignores this WAL`);
    else if (h.pageSize !== PAGE_SIZE)
      this.log.add('BAD_PAGE_SIZE', `page size ${h.pageSize}; sqld's databases use ${PAGE_SIZE}-byte pages`);
    else {
      this.sum = walChecksum(bytes, 0, SQLITE_WAL_HEADER.fields.checksum1.offset, h.bigEndian);
      if (this.sum.s0 !== h.checksum1 || this.sum.s1 !== h.checksum2) {
        this.log.add(
          'HEADER_CHECKSUM',
          "the WAL header's checksum does not hold: SQLite ignores the whole WAL, so its transactions are lost",
        );
      } else this.headerOk = true;
    }
    if (!this.headerOk) return 0;
    this.frameSize = SQLITE_WAL_FRAME_HEADER_SIZE + h.pageSize;
    this.whole = Number((this.size - BigInt(SQLITE_WAL_HEADER_SIZE)) / BigInt(this.frameSize));
    return { recordSize: this.frameSize, records: this.whole };
  }

  protected override onFrames(records: Uint8Array, count: number): { recordSize: number; records: number } | number {
    const h = this.header;
    if (!h) return 0;
    const view = viewOf(records);
    for (let k = 0; k < count; k++) {
      const at = k * this.frameSize;
      const index = ++this.slot;
      const pageNo = u32(view, FRAME.pageNo, at);
      const commitSize = u32(view, FRAME.commitSize, at);
      const saltsMatch = u32(view, FRAME.salt1, at) === h.salt1 && u32(view, FRAME.salt2, at) === h.salt2;
      const frame = { index, pageNo, sizeAfter: commitSize, frameNo: BigInt(index) };
      if (this.options.collectFrames) this.frames.push(frame);
      if (this.stop) {
        if (!saltsMatch) this.stale++;
        else if (commitSize !== 0) this.lostCommit ??= index;
        continue;
      }
      const reason: StopReason | null = !saltsMatch
        ? 'salt'
        : pageNo === 0
          ? 'page 0'
          : this.chainBreaks(records, view, at)
            ? 'checksum'
            : null;
      if (reason) {
        this.stop = { frame: index, reason };
        if (reason === 'salt') this.stale++;
        continue;
      }
      this.deliver(frame, records.subarray(at + SQLITE_WAL_FRAME_HEADER_SIZE, at + this.frameSize));
      if (commitSize !== 0) {
        this.lastCommit = index;
        this.commits.push({ frameNo: frame.frameNo, sizeAfter: commitSize, slots: index });
      }
    }
    return { recordSize: this.frameSize, records: this.whole - this.slot };
  }

  /** Whether the frame's stored checksum breaks the chain; advances the chain when it holds. */
  private chainBreaks(records: Uint8Array, view: DataView, at: number): boolean {
    const h = this.header;
    if (!h) return true;
    const sum = walFrameChecksum(records, at, h.pageSize, h.bigEndian, this.sum);
    if (sum.s0 !== u32(view, FRAME.checksum1, at) || sum.s1 !== u32(view, FRAME.checksum2, at)) return true;
    this.sum = sum;
    return false;
  }

  /** Committed frames only: with a slot limit they are known in advance, else at the commit. */
  private deliver(frame: FrameInfo, page: Uint8Array): void {
    const onPage = this.options.onPage;
    if (!onPage) return;
    const limit = this.options.slotLimit;
    if (limit !== undefined) {
      if (frame.index <= limit) onPage(frame, page);
      return;
    }
    if (frame.sizeAfter === 0) {
      this.pending.push({ frame, page: page.slice() });
      return;
    }
    for (const held of this.pending) onPage(held.frame, held.page);
    this.pending = [];
    onPage(frame, page);
  }

  protected result(h: SqliteWalHeader): SegmentScan {
    if (this.headerOk) this.finishChecks();
    const valid = this.stop ? this.stop.frame - 1 : this.slot;
    const fields: HeaderFields = {
      frameCount: BigInt(this.lastCommit),
      segmentId: null,
      startFrameNo: 1n,
      endFrameNo: BigInt(this.lastCommit),
      magic: `0x${h.magic.toString(16)}`,
      byteOrder: h.bigEndian ? 'big-endian' : 'little-endian',
      version: h.version,
      pageSize: h.pageSize,
      checkpointSequence: h.checkpointSequence,
      salt1: h.salt1,
      salt2: h.salt2,
      checksum1: h.checksum1,
      checksum2: h.checksum2,
      validFrames: valid,
      uncommittedFrames: valid - this.lastCommit,
      staleFrames: this.stale,
    };
    const expectedSize = BigInt(SQLITE_WAL_HEADER_SIZE) + BigInt(this.slot) * BigInt(this.frameSize);
    return {
      header: fields,
      expectedSize: this.headerOk ? expectedSize : null,
      checksum: {
        stored: h.checksum1,
        computed: this.headerOk ? h.checksum1 : null,
        ok: this.headerOk && this.lostCommit === null,
        brokenAtFrame: this.lostCommit !== null ? (this.stop?.frame ?? null) : null,
      },
      problems: this.log.list(),
      frames: this.frames,
      commits: this.commits,
      timeMs: null,
      ...this.damagedFrom(),
    };
  }

  /**
   * A transaction lost to damage (the only error past a sound header): SQLite still reads every
   * commit before the frame it stops at, so those are proven; the damaged transaction starts at the
   * first frame after the last of them, and the frames before the stop are proven too.
   */
  private damagedFrom(): Pick<SegmentScan, 'damagedFrom'> {
    if (!this.headerOk || this.lostCommit === null || !this.stop) return {};
    const unprovenFrom = BigInt(this.stop.frame);
    return { damagedFrom: { slot: this.lastCommit, frameNo: BigInt(this.lastCommit + 1), unprovenFrom } };
  }

  private finishChecks(): void {
    const valid = this.stop ? this.stop.frame - 1 : this.slot;
    if (this.stop && this.lostCommit !== null) {
      const what =
        this.stop.reason === 'salt'
          ? 'has salts other than the header'
          : this.stop.reason === 'page 0'
            ? 'holds page 0'
            : 'breaks the checksum chain';
      this.log.add(
        'CHECKSUM_MISMATCH',
        `frame ${this.stop.frame} ${what}, so SQLite stops reading there, yet frame ${this.lostCommit} after ` +
          `it commits a transaction with the current salts: the WAL was damaged and that transaction is lost`,
      );
    } else if (this.stop && this.stop.reason !== 'salt') {
      this.log.warn(
        'CHAIN_BROKEN',
        `frame ${this.stop.frame} ${
          this.stop.reason === 'page 0' ? 'holds page 0' : 'breaks the checksum ' + 'chain'
        }, after the last commit: an uncommitted tail SQLite ignores`,
      );
    }
    if (valid > this.lastCommit) {
      this.log.warn(
        'MISSING_COMMIT_FRAME',
        `${valid - this.lastCommit} frames after the last commit (frame ${this.lastCommit}) belong to no ` +
          `committed transaction (spilled, rolled back or cut by a crash); SQLite ignores them`,
      );
    }
    if (this.stale > 0)
      this.log.warn(
        'HEADER_MISMATCH',
        `${this.stale} stale frames of an earlier round of the WAL file follow (other salts); SQLite ignores them`,
      );
    const partial = Number((this.size - BigInt(SQLITE_WAL_HEADER_SIZE)) % BigInt(this.frameSize));
    if (partial !== 0)
      this.log.warn(
        'TRUNCATED_SEGMENT',
        `the file ends with ${partial} bytes of a frame cut off while it was written; SQLite ignores them`,
      );
  }
}
