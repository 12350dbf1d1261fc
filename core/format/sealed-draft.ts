import { FRAME_SIZE, frameAt } from './frame.js';
import { decodeHeader, field, headerTable } from './header-fields.js';
import { FramedScanner } from './framed-scanner.js';
import type { ScanOptions, SegmentScan } from './segment-scan.js';

/**
 * The July 2024 draft of the segment file (docs/formats/libsql-wal.md), never released:
 * `<db-path>/wals/<ns>/<ns>:{start:020}.seg` with a 48-byte header and 4112-byte frames.
 */
const DRAFT_HEADER_SIZE = 48;

const DRAFT_HEADER = headerTable('a draft segment header', DRAFT_HEADER_SIZE, {
  startFrameNo: field(0, 'u64'),
  lastCommittedFrameNo: field(8, 'u64'),
  sizeAfter: field(16, 'u32'),
  indexOffset: field(20, 'u64'),
  indexSize: field(28, 'u64'),
  headerChecksum: field(36, 'u64'),
  flags: field(44, 'u32'),
});
const CHECKSUMMED_BYTES = DRAFT_HEADER.fields.headerChecksum.offset;

export interface DraftHeader {
  startFrameNo: bigint;
  lastCommittedFrameNo: bigint;
  sizeAfter: number;
  indexOffset: bigint;
  indexSize: bigint;
  headerChecksum: bigint;
  flags: number;
}

/** The XOR of header bytes 0..36, each taken as a u64. */
function draftHeaderChecksum(bytes: Uint8Array): bigint {
  let sum = 0;
  for (let i = 0; i < CHECKSUMMED_BYTES; i++) sum ^= bytes[i] ?? 0;
  return BigInt(sum);
}

export function decodeDraftHeader(bytes: Uint8Array): DraftHeader {
  return decodeHeader(DRAFT_HEADER, bytes);
}

/** A header whose checksum holds, with frames numbered from 1 (a run of zeros has a zero checksum too). */
export function looksSealedDraft(head: Uint8Array): boolean {
  if (head.length < DRAFT_HEADER_SIZE) return false;
  const h = decodeDraftHeader(head);
  return (
    h.headerChecksum === draftHeaderChecksum(head) && h.startFrameNo > 0n && h.startFrameNo <= h.lastCommittedFrameNo
  );
}

/** Reads the draft's header and frame headers; it has no checksums over its frames to verify. */
export class SealedDraftScanner extends FramedScanner<DraftHeader> {
  private frameCount = 0;

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { size: DRAFT_HEADER_SIZE, name: 'draft header' });
  }

  private frameLimit(h: DraftHeader): number {
    const end = h.indexOffset > 0n ? h.indexOffset : this.size;
    return Math.max(0, Number((end - BigInt(DRAFT_HEADER_SIZE)) / BigInt(FRAME_SIZE)));
  }

  protected onHeader(bytes: Uint8Array): number {
    const h = decodeDraftHeader(bytes);
    this.header = h;
    this.log.warn('BAD_VERSION', 'a July 2024 draft segment (48-byte header), a format no libsql-wal release wrote');
    return this.frameLimit(h) > 0 ? FRAME_SIZE : 0;
  }

  protected override onPiece(piece: Uint8Array): number {
    const h = this.header;
    if (!h) return 0;
    const frame = frameAt(piece, 0, this.frameCount++);
    if (this.options.collectFrames) this.frames.push(frame);
    return this.frameCount < this.frameLimit(h) ? FRAME_SIZE : 0;
  }

  protected result(h: DraftHeader): SegmentScan {
    return {
      header: { ...h, frameCount: BigInt(this.frameCount), segmentId: null, endFrameNo: h.lastCommittedFrameNo },
      expectedSize: h.indexOffset > 0n ? h.indexOffset + h.indexSize : null,
      checksum: { stored: null, computed: null, ok: null },
      problems: this.log.list(),
      frames: this.frames,
      commits: [{ frameNo: h.lastCommittedFrameNo, sizeAfter: h.sizeAfter, slots: this.frameCount }],
      timeMs: null,
    };
  }
}
