import type { FileHandle } from 'node:fs/promises';
import { PAGE_SIZE } from '../format/frame.js';
import { writeFully } from '../storage/write-fully.js';

/** Pages queued before their writes start even without a release(): 8 MiB. */
const BATCH_PAGES = 2048;

/** Consecutive pages written with one system call, from the buffers that hold them. */
interface Run {
  position: number;
  chunks: Uint8Array[];
}

/**
 * Writes pages at their offsets in the database file, straight from the buffers the caller read
 * them into: queued pages are sorted by page number (the last version of a page queued twice
 * winning) and written as runs of consecutive pages, one `writev` a run. A compacted libsql-wal
 * segment lists its pages ascending, a sqld snapshot by descending frame number (so, after a
 * compaction of a table written in order, descending): either way most of a restore becomes a few
 * large sequential writes instead of one 4 KiB write a page, and no page is copied in JavaScript
 * on its way (the copy into a batch of its own cost a default-mode restore about a third of its
 * main thread's CPU).
 *
 * It never flushes: the restore flushes once, while SQLite's quick_check reads the finished file,
 * which takes longer than the disk needs to take it. Flushes while writing only made the writes
 * contend with the disk's writeback (docs/benchmarks.md has the measurements).
 */
export class PageWriter {
  private readonly pageNos = new Uint32Array(BATCH_PAGES);
  private readonly pages: Uint8Array[] = [];
  /** Sort keys, page number then place in the queue, so the last write of a page is found last. */
  private readonly keys = new Float64Array(BATCH_PAGES);
  private count = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly handle: FileHandle,
    /** The file's path, for the error a refused write reports. */
    private readonly path: string,
  ) {}

  /**
   * Queues one page, written from `page` itself: its bytes must stay as they are until the next
   * release() has resolved, which is when the caller may reuse the buffer holding it.
   */
  write(pageNo: number, page: Uint8Array): void {
    this.pageNos[this.count] = pageNo;
    this.pages[this.count] = page;
    this.count++;
    if (this.count === BATCH_PAGES) this.startWrites();
  }

  /** Writes every page queued so far and waits for them: their buffers are the caller's again. */
  async release(): Promise<void> {
    this.startWrites();
    await this.pending;
  }

  /** After a failure: drops the pages not yet written and lets queued writes end first. */
  async abandon(): Promise<void> {
    this.count = 0;
    this.pages.length = 0;
    await this.pending.catch(() => undefined);
  }

  /** The queued pages' runs of consecutive pages, in page order, a page queued twice taking its last version. */
  private runs(): Run[] {
    const { pages, pageNos, count } = this;
    const keys = this.keys.subarray(0, count);
    for (let i = 0; i < count; i++) keys[i] = (pageNos[i] as number) * BATCH_PAGES + i;
    keys.sort();
    const runs: Run[] = [];
    let run: Run | null = null;
    let nextPage = -1;
    // The run's last chunk so far: a page that follows it in the same buffer extends it.
    let chunk: Uint8Array | null = null;
    let chunkLength = 0;
    const closeChunk = () => {
      if (run && chunk) run.chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunkLength));
      chunk = null;
    };
    for (let k = 0; k < count; k++) {
      const key = keys[k] as number;
      const pageNo = Math.floor(key / BATCH_PAGES);
      if (k + 1 < count && Math.floor((keys[k + 1] as number) / BATCH_PAGES) === pageNo) continue;
      const page = pages[key - pageNo * BATCH_PAGES] as Uint8Array;
      if (pageNo !== nextPage) {
        closeChunk();
        run = { position: (pageNo - 1) * PAGE_SIZE, chunks: [] };
        runs.push(run);
      } else if (chunk && (chunk.buffer !== page.buffer || chunk.byteOffset + chunkLength !== page.byteOffset))
        closeChunk();
      if (chunk) chunkLength += PAGE_SIZE;
      else [chunk, chunkLength] = [page, PAGE_SIZE];
      nextPage = pageNo + 1;
    }
    closeChunk();
    return runs;
  }

  private startWrites(): void {
    if (this.count === 0) return;
    const runs = this.runs();
    this.count = 0;
    this.pages.length = 0;
    this.pending = this.pending.then(async () => {
      for (const { position, chunks } of runs) {
        await writeFully(this.handle, chunks, position, 'the database being restored', this.path);
      }
    });
    // A refused write is reported where the queue is awaited (release); until then it must
    // not count as an unhandled rejection, which ends Node.
    this.pending.catch(() => undefined);
  }
}
