import type { FileHandle } from 'node:fs/promises';
import { BackgroundFlush } from '../backend/background-flush.js';
import { PAGE_SIZE } from '../format/frame.js';
import { writeFully } from '../storage/write-fully.js';

const STAGING_PAGES = 1024;
/** Runs this long or longer are written from their staging buffer (see flushRun). */
const SWAP_FROM_PAGES = 256;
const QUEUE_LIMIT = 16 << 20;

/**
 * Writes pages at their offsets in the database file, gathering runs of consecutive page numbers
 * into one write: a compacted segment lists pages in ascending order, so most of a restore becomes
 * a few large sequential writes instead of one 4 KiB system call per page.
 *
 * With `syncEvery`, a flush to disk starts in the background each time that many bytes have been
 * written since the last one began: the disk writes back the file while segments are still being
 * read and checked, instead of all of it in the final fsync, so the disk and the checks overlap.
 */
export class PageWriter {
  private staging = new Uint8Array(STAGING_PAGES * PAGE_SIZE);
  /** Staging buffers whose writes are done, for the next long run. */
  private readonly spare: Uint8Array<ArrayBuffer>[] = [];
  private runStart = 0;
  private runLength = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private queuedBytes = 0;
  private readonly flush: BackgroundFlush;

  constructor(
    private readonly handle: FileHandle,
    /** The file's path, for the error a refused write reports. */
    private readonly path: string,
    syncEvery = 0,
  ) {
    this.flush = new BackgroundFlush(handle, syncEvery);
  }

  /** Starts a background flush of everything written to the file so far, unless one is running. */
  startSync(): void {
    this.flush.start();
  }

  /** Queues one page; `page` may be reused by the caller as soon as this returns. */
  write(pageNo: number, page: Uint8Array): void {
    if (this.runLength > 0 && (pageNo !== this.runStart + this.runLength || this.runLength === STAGING_PAGES))
      this.flushRun();
    if (this.runLength === 0) this.runStart = pageNo;
    this.staging.set(page, this.runLength * PAGE_SIZE);
    this.runLength++;
  }

  /** Waits for queued writes once enough are queued, so memory stays bounded on a fast reader. */
  async settle(): Promise<void> {
    if (this.queuedBytes < QUEUE_LIMIT) return;
    await this.pending;
    this.queuedBytes = 0;
  }

  /** After a failure: lets queued writes and a flush end (their errors no longer matter) before the file closes. */
  async abandon(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.flush.stopped();
  }

  /** Waits for every queued write and a flush still running. */
  async finish(): Promise<void> {
    this.flushRun();
    await this.pending;
    await this.flush.settled();
  }

  private flushRun(): void {
    if (this.runLength === 0) return;
    const length = this.runLength * PAGE_SIZE;
    const position = (this.runStart - 1) * PAGE_SIZE;
    let bytes: Uint8Array;
    let done: () => void = () => undefined;
    if (this.runLength >= SWAP_FROM_PAGES) {
      // A long run is written from the staging buffer itself, and another staging buffer takes
      // its place: a fresh 4 MiB copy a run cost more than the rest of a restore's CPU (fresh
      // memory is slow to touch the first time, in a VM above all), and a few buffers go round.
      const full = this.staging;
      bytes = full.subarray(0, length);
      this.staging = this.spare.pop() ?? new Uint8Array(STAGING_PAGES * PAGE_SIZE);
      this.queuedBytes += full.length;
      done = () => this.spare.push(full);
    } else {
      // A short run is copied out: lending it a whole buffer would let scattered pages hold many.
      bytes = this.staging.slice(0, length);
      this.queuedBytes += length;
    }
    this.pending = this.pending.then(async () => {
      await writeFully(this.handle, [bytes], position, 'the database being restored', this.path);
      done();
      this.flush.wrote(bytes.length);
    });
    // A refused write is reported where the queue is awaited (settle, finish); until then, while
    // the next segment is read, it must not count as an unhandled rejection, which ends Node.
    this.pending.catch(() => undefined);
    this.runLength = 0;
  }
}
