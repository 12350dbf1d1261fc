import type { FileHandle } from 'node:fs/promises';

/**
 * How often a fetched segment's download starts a background flush: each 16 MiB. The final fsync
 * waits for whatever is not on disk yet, at most this much plus what arrived during the last flush,
 * so a smaller step shortens the fetch's end; much smaller ones only add system calls.
 */
export const FLUSH_EVERY = 16 << 20;

/**
 * Flushes a file being written to disk in the background, one flush at a time, each time `every`
 * bytes have been written since the last one began (0: never): the disk writes the file back while
 * the rest is still being downloaded, instead of all of it in the final fsync. The final fsync
 * stays the caller's (atomic-write.ts): this only makes it short.
 */
export class BackgroundFlush {
  private unflushed = 0;
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly handle: FileHandle,
    private readonly every: number,
  ) {}

  /** Counts bytes written to the file; starts a flush once `every` have been written since the last began. */
  wrote(bytes: number): void {
    if (this.every === 0) return;
    this.unflushed += bytes;
    if (this.unflushed >= this.every) this.start();
  }

  /** Starts a flush of everything written so far, unless one is running. */
  private start(): void {
    if (this.running) return;
    this.unflushed = 0;
    this.running = this.handle.datasync().then(
      () => {
        this.running = null;
      },
      (error: unknown) => {
        this.running = null;
        // Kept for settled(): after a failed flush Linux marks the pages clean, so the final
        // fsync could succeed over data the disk never took.
        this.failure ??= { error };
      },
    );
  }

  /** Waits for a flush still running; throws if any flush failed. */
  async settled(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure.error;
  }

  /** After a failure elsewhere: waits for a flush still running, whatever its outcome, before the file closes. */
  async stopped(): Promise<void> {
    await this.running;
  }
}
