import type { FileHandle } from 'node:fs/promises';
import { BackgroundFlush } from '../backend/background-flush.js';
import { PAGE_SIZE } from '../format/frame.js';
import { writeFully } from '../storage/write-fully.js';

/** Pages gathered before they are sorted and written: 8 MiB. */
const BATCH_PAGES = 2048;
const QUEUE_LIMIT = 16 << 20;

/**
 * Writes pages at their offsets in the database file. Pages are gathered into a batch of 8 MiB,
 * sorted by page number and written as runs of consecutive pages, one system call a run: a
 * compacted libsql-wal segment lists its pages ascending, a sqld snapshot lists them by
 * descending frame number (so, after a compaction of a table written in order, descending), and
 * either way most of a restore becomes a few large sequential writes instead of one 4 KiB write
 * per page (one a page cost a default-mode restore most of its time).
 *
 * With `syncEvery`, a flush to disk starts in the background each time that many bytes have been
 * written since the last one began: the disk writes back the file while segments are still being
 * read and checked, instead of all of it in the final fsync, so the disk and the checks overlap.
 */
export class PageWriter {
  private batch = new Uint8Array(BATCH_PAGES * PAGE_SIZE);
  private readonly pageNos = new Uint32Array(BATCH_PAGES);
  /** Sort keys, page number then place in the batch, so the last write of a page is found last. */
  private readonly keys = new Float64Array(BATCH_PAGES);
  private count = 0;
  /** Batches whose writes are done, for the next: fresh memory is slow to touch the first time. */
  private readonly spare: Uint8Array<ArrayBuffer>[] = [];
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
    this.batch.set(page, this.count * PAGE_SIZE);
    this.pageNos[this.count] = pageNo;
    this.count++;
    if (this.count === BATCH_PAGES) this.flushBatch();
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
    this.flushBatch();
    await this.pending;
    await this.flush.settled();
  }

  /** The batch's runs of consecutive pages, in page order, a page written twice in it taking its last version. */
  private runs(): { position: number; chunks: Uint8Array[] }[] {
    const { batch, pageNos, count } = this;
    const keys = this.keys.subarray(0, count);
    for (let i = 0; i < count; i++) keys[i] = (pageNos[i] as number) * BATCH_PAGES + i;
    keys.sort();
    const runs: { position: number; chunks: Uint8Array[] }[] = [];
    let run: { position: number; chunks: Uint8Array[] } | null = null;
    let nextPage = -1;
    // Where the run's last chunk ends in the batch: a page that follows it there extends that chunk.
    let chunkEnd = -1;
    let chunkStart = 0;
    const closeChunk = () => {
      if (run && chunkEnd >= 0) run.chunks.push(batch.subarray(chunkStart * PAGE_SIZE, chunkEnd * PAGE_SIZE));
      chunkEnd = -1;
    };
    for (let k = 0; k < count; k++) {
      const key = keys[k] as number;
      const pageNo = Math.floor(key / BATCH_PAGES);
      if (k + 1 < count && Math.floor((keys[k + 1] as number) / BATCH_PAGES) === pageNo) continue;
      const slot = key - pageNo * BATCH_PAGES;
      if (pageNo !== nextPage) {
        closeChunk();
        run = { position: (pageNo - 1) * PAGE_SIZE, chunks: [] };
        runs.push(run);
      } else if (slot !== chunkEnd) closeChunk();
      if (chunkEnd < 0) chunkStart = slot;
      chunkEnd = slot + 1;
      nextPage = pageNo + 1;
    }
    closeChunk();
    return runs;
  }

  private flushBatch(): void {
    if (this.count === 0) return;
    const runs = this.runs();
    // The batch is lent to its writes whole and another takes its place; a few go round.
    const full = this.batch;
    this.batch = this.spare.pop() ?? new Uint8Array(BATCH_PAGES * PAGE_SIZE);
    this.queuedBytes += this.count * PAGE_SIZE;
    this.count = 0;
    this.pending = this.pending.then(async () => {
      for (const { position, chunks } of runs) {
        await writeFully(this.handle, chunks, position, 'the database being restored', this.path);
        this.flush.wrote(chunks.reduce((n, c) => n + c.length, 0));
      }
      this.spare.push(full);
    });
    // A refused write is reported where the queue is awaited (settle, finish); until then, while
    // the next segment is read, it must not count as an unhandled rejection, which ends Node.
    this.pending.catch(() => undefined);
  }
}
