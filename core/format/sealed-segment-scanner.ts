import { FRAME_SIZE, PAGE_SIZE } from './frame.js';
import { u32le, u64le, u64leExact } from './byte-fields.js';
import { checkSealedHeader } from './sealed-header-check.js';
import { checkSealedIndex } from './sealed-index-check.js';
import { pagePastSize, transactionAt } from './page-past-size.js';
import { chainHolds } from './crc32-chain.js';
import { type Next, PieceReader } from './piece-reader.js';
import { ProblemLog } from './problem.js';
import {
  SEALED_FLAG_FRAME_UNORDERED,
  SEALED_HEADER_SIZE,
  SLOT_SIZE,
  type SealedHeader,
  decodeSealedHeader,
  sealedHeaderFields,
  slotChecksum,
} from './sealed-segment.js';
import { type CommitPoint, type ScanOptions, type SegmentScan, type SegmentScanner } from './segment-scan.js';
import { type FrameInfo, type HeaderFields } from '../model/file-format.js';

/**
 * Reads and checks a `.seg` file in one pass (docs/formats/libsql-wal.md): the header CRC, the slot checksum
 * chain from the salt, frame numbers, commits, and for a sealed segment the index CRC and every
 * index entry against the frames — the last two libsql-wal itself never checks on open. An
 * unsealed segment is read as libsql-wal's recovery reads it: slots until the chain breaks,
 * committed transactions only.
 */
export class SealedSegmentScanner implements SegmentScanner {
  private readonly log = new ProblemLog();
  private readonly reader: PieceReader;
  private header: SealedHeader | null = null;
  private sealed = false;
  /** Slots before the index (sealed), or every slot in the file (unsealed). */
  private bodySlots = 0;
  private slot = 0;
  private chain = 0;
  private chainBrokenAt: number | null = null;
  private committedSlots = 0;
  private readonly frames: FrameInfo[] = [];
  private readonly commits: CommitPoint[] = [];
  /** The page each slot holds. */
  private pageOfSlot = new Uint32Array(0);
  /** The largest page number a slot holds. */
  private maxPage = 0;
  /** The largest page number of the transaction being read (since the last commit). */
  private txMaxPage = 0;
  /** Header fields the hot path reads as numbers. */
  private committedByHeader = 0;
  private startNum = 0;
  private unordered = false;
  private maxSeen = 0n;
  private indexChecked = false;
  /** Set when the header is too wrong to read the rest by (bad magic or page size). */
  private unreadable = false;
  private indexCrc: { stored: number; computed: number } | null = null;
  /** Whether each frame is collected or delivered (read once: the hot path asks per slot). */
  private readonly perFrame: boolean;

  constructor(
    private readonly size: bigint,
    private readonly options: ScanOptions = {},
  ) {
    this.perFrame = options.collectFrames === true || options.onPage !== undefined;
    this.reader = new PieceReader(
      SEALED_HEADER_SIZE,
      (piece, offset) => this.onPiece(piece, offset),
      (slots, _offset, count) => this.onSlots(slots, count),
    );
  }

  push(chunk: Uint8Array): void {
    this.reader.push(chunk);
  }

  private onPiece(piece: Uint8Array, offset: number): Next {
    if (offset === 0) return this.onHeader(piece);
    this.onIndex(piece);
    return 0;
  }

  /** What follows the slots read so far: more slots, the index and its CRC, or nothing. */
  private afterSlots(): Next {
    if (this.slot < this.bodySlots) return { recordSize: SLOT_SIZE, records: this.bodySlots - this.slot };
    return this.sealed && this.header ? Number(this.header.indexSize) + 4 : 0;
  }

  private onHeader(bytes: Uint8Array): Next {
    const h = decodeSealedHeader(bytes);
    this.header = h;
    this.chain = h.salt;
    this.committedByHeader =
      h.frameCount > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(h.frameCount);
    this.startNum = h.startFrameNo < 1n << 53n ? Number(h.startFrameNo) : Number.NaN;
    this.unordered = (h.flags & SEALED_FLAG_FRAME_UNORDERED) !== 0;
    const layout = checkSealedHeader(bytes, h, this.size, this.log);
    this.unreadable = layout.unreadable;
    this.sealed = layout.sealed;
    if (layout.bodySlots === null) return 0;
    this.bodySlots = layout.bodySlots;
    this.pageOfSlot = new Uint32Array(this.bodySlots);
    return this.afterSlots();
  }

  /**
   * A batch of whole slots: the hot path, ~260,000 slots a GiB. While the chain is intact, one CRC
   * pass checks all their links (crc32-chain.ts); a batch that fails is checked slot by slot,
   * which finds the broken one. The loop works on locals, written back once per batch; nothing is
   * allocated per slot unless frames are collected or delivered, and u64 frame numbers are read
   * as doubles while they are exact. Anything unusual (a problem to report, an unordered
   * segment's frame numbers) leaves the fast path for a call of its own.
   */
  private onSlots(bytes: Uint8Array, count: number): Next {
    const h = this.header;
    if (!h) return 0;
    const verified = this.chainBrokenAt === null && count > 1 && chainHolds(bytes, FRAME_SIZE, this.chain);
    const { pageOfSlot, committedByHeader, startNum, unordered, sealed, perFrame } = this;
    let { slot, chain, maxPage, txMaxPage } = this;
    let stopped = false;
    for (let at = 0; at < count * SLOT_SIZE; at += SLOT_SIZE, slot++) {
      const stored = u32le(bytes, at);
      const pageNo = u32le(bytes, at + 4);
      const sizeAfter = u32le(bytes, at + 8);
      // Exact while below 2^53; past that (never in practice) the bigint is read instead.
      const frameNo = u64leExact(bytes, at + 12);
      const committedByHeaderSlot = slot < committedByHeader;
      if (
        !verified &&
        this.chainBrokenAt === null &&
        slotChecksum(chain, bytes.subarray(at + 4, at + SLOT_SIZE)) !== stored
      ) {
        this.chainBrokenAt = slot;
        if (sealed || committedByHeaderSlot) {
          this.log.add(
            'CHAIN_BROKEN',
            `the checksum chain breaks at frame ${slot} (frame number ${this.bigFrameNo(bytes, at)}): the ` +
              `segment was altered or damaged`,
          );
        }
      }
      if (this.chainBrokenAt !== null && !sealed) {
        // An unsealed segment ends where its chain breaks, as libsql-wal's recovery reads it.
        slot++;
        stopped = true;
        break;
      }
      chain = stored;
      if (unordered) this.checkUnordered(bytes, at, slot);
      else if (frameNo !== startNum + slot) this.misnumbered(bytes, at, slot);
      if (pageNo === 0) this.log.add('FRAME_ORDER', `frame ${slot} holds page 0; SQLite pages are numbered from 1`);
      pageOfSlot[slot] = pageNo;
      if (pageNo > maxPage) maxPage = pageNo;
      if (pageNo > txMaxPage) txMaxPage = pageNo;
      const committedSoFar = sealed ? committedByHeaderSlot : true;
      if (sizeAfter !== 0) {
        if (txMaxPage > sizeAfter && committedSoFar)
          pagePastSize(this.log, transactionAt(slot), { pageNo: txMaxPage }, sizeAfter);
        txMaxPage = 0;
      }
      if (sizeAfter !== 0 && committedSoFar) {
        this.committedSlots = slot + 1;
        // A replica's segment may hold frames out of order: its commit stands at the largest seen.
        const last = unordered ? this.maxSeen : Number.isNaN(frameNo) ? this.bigFrameNo(bytes, at) : BigInt(frameNo);
        this.commits.push({ frameNo: last, sizeAfter, slots: slot + 1 });
      }
      if (perFrame) this.deliverFrame(bytes, at, slot, pageNo, sizeAfter, committedSoFar);
    }
    this.slot = slot;
    this.chain = chain;
    this.maxPage = maxPage;
    this.txMaxPage = txMaxPage;
    return stopped ? 0 : this.afterSlots();
  }

  /** An unordered (replica's) segment: any frame number from the start on; the largest is kept. */
  private checkUnordered(bytes: Uint8Array, at: number, slot: number): void {
    const h = this.header;
    if (!h) return;
    const frameNo = this.bigFrameNo(bytes, at);
    if (frameNo < h.startFrameNo) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `frame ${slot} has frame number ${frameNo}, before the segment's start ${h.startFrameNo}`,
      );
    }
    if (frameNo > this.maxSeen) this.maxSeen = frameNo;
  }

  private misnumbered(bytes: Uint8Array, at: number, slot: number): void {
    const h = this.header;
    if (!h) return;
    this.log.add(
      'FRAME_ORDER',
      `frame ${slot} has frame number ${this.bigFrameNo(bytes, at)}, not ${h.startFrameNo + BigInt(slot)}: an ` +
        `ordered segment numbers its frames by slot`,
    );
  }

  // Positional on purpose: called once per frame, where an options object would be an allocation a frame.
  private deliverFrame(
    bytes: Uint8Array,
    at: number,
    slot: number,
    pageNo: number,
    sizeAfter: number,
    committedSoFar: boolean,
  ): void {
    const { collectFrames, onPage } = this.options;
    const frame = { index: slot, pageNo, sizeAfter, frameNo: this.bigFrameNo(bytes, at) };
    if (collectFrames) this.frames.push(frame);
    if (onPage && committedSoFar && slot < (this.options.slotLimit ?? (this.sealed ? this.committedByHeader : 0)))
      onPage(frame, bytes.subarray(at + SLOT_SIZE - PAGE_SIZE, at + SLOT_SIZE));
  }

  private bigFrameNo(bytes: Uint8Array, at: number): bigint {
    return u64le(bytes, at + 12);
  }

  private onIndex(piece: Uint8Array): void {
    if (!this.header) return;
    this.indexChecked = true;
    const read = {
      pageOfSlot: this.pageOfSlot,
      maxPage: this.maxPage,
      committedSlots: this.committedSlots,
      bodySlots: this.bodySlots,
    };
    this.indexCrc = checkSealedIndex(piece, this.chain, read, this.log);
  }

  finish(): SegmentScan {
    const h = this.header;
    if (!h) {
      this.log.add(
        'TRUNCATED_SEGMENT',
        `the file is ${this.size} bytes, shorter than the ${SEALED_HEADER_SIZE}-byte segment header`,
      );
      return this.result(null, null);
    }
    if (this.unreadable) return this.result(sealedHeaderFields(h), null);
    const expectedSize = this.sealed
      ? h.indexOffset + h.indexSize + 4n
      : BigInt(SEALED_HEADER_SIZE) + BigInt(this.bodySlots) * BigInt(SLOT_SIZE);
    if (this.reader.wanted > 0 && this.sealed && !this.indexChecked) {
      this.log.add('TRUNCATED_SEGMENT', `the file is ${this.size} bytes but its header implies ${expectedSize}`);
    }
    if (this.sealed && this.reader.leftover > 0 && this.indexChecked) {
      this.log.warn('TRAILING_DATA', `${this.reader.leftover} bytes follow the index`);
    }
    if (!this.sealed && this.committedSlots < Number(h.frameCount) && this.chainBrokenAt === null) {
      this.log.add(
        'TRUNCATED_SEGMENT',
        `the header counts ${h.frameCount} committed frames but only ${this.committedSlots} are present`,
      );
    }
    const last = this.commits.at(-1);
    if (this.sealed && h.frameCount > 0n && (this.committedSlots !== Number(h.frameCount) || !last)) {
      this.log.add(
        'MISSING_COMMIT_FRAME',
        `frame ${h.frameCount - 1n}, the last of the ${h.frameCount} committed frames, does not end a transaction`,
      );
    } else if (
      last &&
      h.frameCount > 0n &&
      this.committedSlots === Number(h.frameCount) &&
      (last.frameNo !== h.lastCommittedFrameNo || last.sizeAfter !== h.sizeAfter)
    ) {
      this.log.add(
        'HEADER_MISMATCH',
        `the header says the last commit is frame ${h.lastCommittedFrameNo} (size ${h.sizeAfter}) but the ` +
          `frames say ${last.frameNo} (size ${last.sizeAfter})`,
      );
    }
    return this.result(sealedHeaderFields(h), expectedSize);
  }

  private result(header: HeaderFields | null, expectedSize: bigint | null): SegmentScan {
    const h = this.header;
    if (header && h && !this.sealed) {
      // What libsql-wal's recovery would make of it: the committed frames it finds.
      const last = this.commits.at(-1);
      header.recoveredFrameCount = BigInt(this.committedSlots);
      header.recoveredLastCommittedFrameNo = last?.frameNo ?? null;
    }
    return {
      header,
      expectedSize,
      checksum: {
        stored: this.indexCrc?.stored ?? null,
        computed: this.indexCrc?.computed ?? null,
        ok: this.header
          ? this.chainBrokenAt === null &&
            (this.indexCrc ? this.indexCrc.stored === this.indexCrc.computed : !this.sealed)
          : null,
        brokenAtFrame: this.chainBrokenAt,
      },
      problems: this.log.list(),
      frames: this.frames,
      commits: this.commits,
      timeMs: h && this.sealed ? h.sealedAtMs : null,
    };
  }
}
