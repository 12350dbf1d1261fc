import type { FileHandle } from 'node:fs/promises';
import { PAGE_SIZE } from '../format/frame.js';

const STAGING_PAGES = 1024;
const QUEUE_LIMIT = 16 << 20;

/**
 * Writes pages at their offsets in the database file, gathering runs of consecutive page numbers
 * into one write: a compacted segment lists pages in ascending order, so most of a restore becomes
 * a few large sequential writes instead of one 4 KiB system call per page.
 */
export class PageWriter {
  private readonly staging = new Uint8Array(STAGING_PAGES * PAGE_SIZE);
  private runStart = 0;
  private runLength = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private queuedBytes = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Queues one page; `page` may be reused by the caller as soon as this returns. */
  write(pageNo: number, page: Uint8Array): void {
    if (this.runLength > 0 && (pageNo !== this.runStart + this.runLength || this.runLength === STAGING_PAGES)) this.flushRun();
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

  /** After a failure: lets queued writes end (their errors no longer matter) before the file closes. */
  async abandon(): Promise<void> {
    await this.pending.catch(() => undefined);
  }

  /** Waits for every queued write. */
  async finish(): Promise<void> {
    this.flushRun();
    await this.pending;
  }

  private flushRun(): void {
    if (this.runLength === 0) return;
    const bytes = this.staging.slice(0, this.runLength * PAGE_SIZE);
    const position = (this.runStart - 1) * PAGE_SIZE;
    this.queuedBytes += bytes.length;
    const previous = this.pending;
    this.pending = previous.then(() => this.handle.write(bytes, 0, bytes.length, position));
    this.runLength = 0;
  }
}
