import { SegscopeError } from '../errors.js';
import { commitSizeHolds } from '../format/commit-size.js';
import { type ScanObserver, errorWithin } from '../format/segment-scan.js';
import { scanSegment } from '../storage/scan-file.js';
import { PageVersionTable } from './page-versions.js';
import type { PageWriter } from './page-writer.js';
import { type PlannedSegment, damageRefusal, sizePastPages } from './restore-plan.js';
import type { StoppedWords } from './restore-contract.js';

/** Remote segments fetched at once during a restore: enough to hide latency, bounded on disk. */
const PARALLEL_DOWNLOADS = 2;

/** What applying follows: frames at or below `baseFrameNo` are in the base; `onApplied` after each segment. */
export interface SegmentsApplied {
  baseFrameNo: bigint;
  /** Pages the base database file holds. */
  basePages: number;
  onApplied: (index: number, sizeAfter: number) => void;
  signal?: AbortSignal;
  /** How a refusal says what was left undone. */
  words: StoppedWords;
  /** Told of each frame read and each segment's scan: what else the restore's one read answers. */
  observer?: ScanObserver | undefined;
}

/** The frames applied: each page's version, and how many pages of the result no checksum covers. */
export interface AppliedFrames {
  versions: PageVersionTable;
  /** Pages whose version is a snapshot frame its file cannot prove (UNPROVEN_FRAMES). */
  unprovenPages: number;
}

/**
 * Applies each planned segment's frames in order, each page's newest version winning, and
 * verifies the segment in the same pass: a damaged one stops the restore with its own code.
 */
export async function applySegments(
  steps: readonly PlannedSegment[],
  writer: PageWriter,
  { baseFrameNo, basePages, onApplied, signal, words, observer }: SegmentsApplied,
): Promise<AppliedFrames> {
  // A cancel stops the reads between chunks: the next segment is never opened, and the temporary file goes.
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new SegscopeError('CANCELLED', 'the restore was cancelled; nothing was written');
  };
  const best = new PageVersionTable();
  // The table's 0 means "no version": a history whose frames start at 0 keeps each one plus 1.
  const versionOf = (frameNo: bigint) => (baseFrameNo < 0n ? frameNo + 1n : frameNo);
  const unproven: { pageNo: number; version: bigint }[] = [];
  // The highest page the base or any segment applied before holds (commitSizeHolds' pages held).
  let held = basePages;
  let size = basePages;
  // Segments that come from a remote download while earlier ones are applied, a few at a time.
  const opened: Promise<string>[] = [];
  const openAhead = (upTo: number) => {
    for (let k = opened.length; k < Math.min(upTo, steps.length); k++) {
      const next = steps[k]?.segment.open() ?? Promise.resolve('');
      next.catch(() => undefined); // awaited in turn below; an early failure must not go unhandled
      opened.push(next);
    }
  };
  for (const [i, step] of steps.entries()) {
    let written = 0;
    stopIfCancelled();
    openAhead(i + 1 + PARALLEL_DOWNLOADS);
    const { scan } = await scanSegment(await (opened[i] ?? step.segment.open()), {
      ...(step.slotLimit !== null ? { slotLimit: step.slotLimit } : {}),
      // The chunk's pages are written from its buffer, which is read into again once this resolves.
      afterChunk: () => {
        stopIfCancelled();
        return writer.release();
      },
      onUnproven: ({ pageNo, frameNo }) => {
        if (pageNo !== 0 && frameNo > baseFrameNo) unproven.push({ pageNo, version: versionOf(frameNo) });
      },
      onPage: (frame, page) => {
        observer?.page(frame, page);
        const version = versionOf(frame.frameNo);
        if (frame.pageNo === 0 || frame.frameNo <= baseFrameNo) return;
        if (frame.pageNo > written) written = frame.pageNo;
        if (best.get(frame.pageNo) > version) return;
        best.set(frame.pageNo, version);
        writer.write(frame.pageNo, page);
      },
    });
    // A plan stands on a damaged log only before its damage (cut there), where its frames are proven.
    const error = errorWithin(scan, step.slotLimit);
    if (error) throw damageRefusal(step.segment, error, { unprovenFrom: scan.damagedFrom?.unprovenFrom, words });
    observer?.scanned(scan);
    const sizeAfter = step.sizeAfter ?? scan.commits.at(-1)?.sizeAfter ?? 0;
    if (sizeAfter === 0) {
      throw new SegscopeError(
        'MISSING_COMMIT_FRAME',
        `${step.segment.file} records no database size after it; ${words.stopped}`,
      );
    }
    if (!commitSizeHolds(held, written, sizeAfter))
      throw sizePastPages(step.segment.file, sizeAfter, Math.max(held, written), { base: null, words });
    held = Math.max(held, written);
    size = sizeAfter;
    onApplied(i, sizeAfter);
  }
  // Counted once every segment is applied: a later frame of the page stands in its stead, and a page
  // past the final size is cut off.
  const unprovenPages = unproven.filter((u) => u.pageNo <= size && best.get(u.pageNo) === u.version).length;
  return { versions: best, unprovenPages };
}
