import type { FileHandle } from 'node:fs/promises';
import type { RestoreResult } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import type { WalFrame } from '../format/bottomless-batch.js';
import { commitSizeHolds } from '../format/commit-size.js';
import { hasSqliteMagic, sqlitePageSize } from '../format/sqlite-database-header.js';
import type { GenerationsBucket, NamespaceBackup } from '../layouts/bottomless-generations.js';
import { describeBreak, walkGenerationWal } from '../layouts/bottomless-wal.js';
import type { ProgressListener } from '../progress.js';
import { writeFully } from '../storage/write-fully.js';
import { type GenerationPlan, noStateAt, planGenerations } from './bottomless-plan.js';
import { writeRestoredFile } from './restored-file.js';
import { sizePastPages } from './restore-plan.js';
import { type StoppedWords, wordsOf } from './restore-contract.js';

export interface BottomlessRestoreOptions {
  out: string;
  generation?: string | undefined;
  untilTime?: string | undefined;
  /** A frame of the chosen generation (frames restart at 1 in every generation). */
  untilFrameNo?: bigint | undefined;
  allowGaps: boolean;
  onProgress?: ProgressListener | undefined;
  durable?: boolean;
  words?: StoppedWords | undefined;
}

export interface BottomlessRestoreResult extends RestoreResult {
  generation: string;
  /** The generations replayed, oldest first. */
  generations: string[];
  /** With --allow-gaps: the gap or broken frame the restore stopped before. */
  stoppedBecause?: string;
}

/** One transaction's pages are held until its commit frame; a larger one is refused. */
const MAX_TRANSACTION_BYTES = 1 << 30;

/** Writes the database file: the snapshot, then each generation's committed transactions in order. */
class DatabaseBuilder {
  pages = 0;
  pageSize = 0;
  private pending = new Map<number, Uint8Array>();
  private pendingBytes = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    private readonly words: StoppedWords,
  ) {}

  async snapshot(chunks: AsyncIterable<Uint8Array>, what: string, metaPageSize: number | null): Promise<void> {
    let written = 0;
    let head: Buffer | null = null;
    for await (const chunk of chunks) {
      if (head === null || head.length < 18) head = Buffer.concat([head ?? Buffer.alloc(0), chunk]).subarray(0, 18);
      await writeFully(this.handle, [chunk], written, 'the restored database', this.path);
      written += chunk.length;
    }
    const pageSize = head && hasSqliteMagic(head) ? sqlitePageSize(head) : null;
    if (pageSize === null) {
      throw new SegscopeError(
        'NOT_A_DATABASE',
        `${what} is no SQLite database (its first bytes are not "SQLite format 3"); the snapshot is damaged`,
      );
    }
    if (metaPageSize !== null && pageSize !== metaPageSize) {
      throw new SegscopeError(
        'BAD_PAGE_SIZE',
        `${what} has pages of ${pageSize} bytes where its generation's .meta says ${metaPageSize}`,
      );
    }
    this.pageSize = pageSize;
    this.pages = Math.floor(written / pageSize);
  }

  frame(frame: WalFrame): void {
    if (!this.pending.has(frame.pageNo)) this.pendingBytes += frame.page.length;
    if (this.pendingBytes > MAX_TRANSACTION_BYTES) {
      throw new SegscopeError(
        'TOO_LARGE',
        `a transaction ending after frame ${frame.frameNo} holds more than ${MAX_TRANSACTION_BYTES >> 20} MiB ` +
          `of pages; refused`,
      );
    }
    this.pending.set(frame.pageNo, frame.page.slice());
  }

  /**
   * Queues the transaction's pages; the writes run in commit order while later frames are read.
   * `base` names what the pages held so far were taken from, when that could be the wrong thing.
   */
  commit(sizeAfter: number, what: string, base: string | null): void {
    let written = 0;
    for (const pageNo of this.pending.keys()) if (pageNo > written) written = pageNo;
    if (!commitSizeHolds(this.pages, written, sizeAfter))
      throw sizePastPages(what, sizeAfter, Math.max(this.pages, written), { base, words: this.words });
    const pages = [...this.pending].filter(([pageNo]) => pageNo <= sizeAfter).sort((a, b) => a[0] - b[0]);
    this.discard();
    const shrinks = sizeAfter < this.pages;
    this.pages = sizeAfter;
    this.writes = this.writes.then(async () => {
      for (const [pageNo, page] of pages)
        await writeFully(this.handle, [page], (pageNo - 1) * this.pageSize, 'the restored database', this.path);
      if (shrinks) await this.handle.truncate(sizeAfter * this.pageSize);
    });
    this.writes.catch(() => undefined);
  }

  /** Waits for the queued transactions' writes (a failure of any surfaces here). */
  settle(): Promise<void> {
    return this.writes;
  }

  discard(): void {
    this.pending = new Map();
    this.pendingBytes = 0;
  }

  async finish(): Promise<void> {
    await this.writes;
    await this.handle.truncate(this.pages * this.pageSize);
  }
}

async function replay(
  bucket: GenerationsBucket,
  plan: GenerationPlan,
  builder: DatabaseBuilder,
  options: BottomlessRestoreOptions,
) {
  let untilFrameNo = 0;
  let lastGeneration = plan.chain[0];
  let stoppedBecause: string | undefined;
  let committed = false;
  const batches = new Set<string>();
  for (const g of plan.chain) {
    const meta = g.metaValue;
    if (meta && builder.pageSize === 0) builder.pageSize = meta.pageSize;
    if (meta && meta.pageSize !== builder.pageSize)
      throw new SegscopeError(
        'BAD_PAGE_SIZE',
        `generation ${g.id} has pages of ${meta.pageSize} bytes, the database ${builder.pageSize}`,
      );
    const limit = g === plan.chosen && options.untilFrameNo !== undefined ? Number(options.untilFrameNo) : Infinity;
    let committedHere = 0;
    // A generation without its own snapshot stands on the state of the one its `.dep` names.
    const standsOn = g !== plan.chain[0] ? g.parent : null;
    const walk = await walkGenerationWal(bucket, g, {
      untilSecs: plan.untilSecs,
      onFrame: (frame, batch) => {
        if (frame.frameNo > limit) return false;
        builder.frame(frame);
        batches.add(batch.key);
        if (frame.sizeAfter !== 0) {
          const what = `frame ${frame.frameNo} of generation ${g.id} (${batch.key})`;
          builder.commit(frame.sizeAfter, what, standsOn && `generation ${g.id}'s .dep names ${standsOn}`);
          committedHere = frame.frameNo;
          committed = true;
        }
        return true;
      },
    });
    await builder.settle();
    // Frames after the generation's last commit never committed: SQLite would drop them too.
    builder.discard();
    if (committedHere > 0 || g === plan.chosen) [untilFrameNo, lastGeneration] = [committedHere, g];
    if (walk.broken && !(g === plan.chosen && walk.broken.frameNo > limit)) {
      const { code, message } = describeBreak(g, walk.broken);
      if (!options.allowGaps) {
        // Where --allow-gaps stands: a commit, or a snapshot, before the break (an empty file is no state).
        const before =
          committed || plan.snapshot
            ? `: ${lastGeneration?.id ?? g.id}:${untilFrameNo}, as --until-frame takes it`
            : '';
        throw new SegscopeError(
          code,
          `${message}, so the database cannot be rebuilt past it; ${wordsOf(options).stopped} ` +
            `(--allow-gaps restores up to the last commit before it${before})`,
        );
      }
      stoppedBecause = `${message}; stopped at the last commit before it`;
      break;
    }
  }
  return {
    untilFrameNo,
    generation: lastGeneration?.id ?? plan.chosen.id,
    stoppedBecause,
    applied: batches.size,
    committed,
  };
}

/**
 * A namespace's database as bottomless backed it up, restored as sqld's restore means it: the
 * generation for the time (or the one named), its parents back to a snapshot, then each
 * generation's committed transactions whose frames were flushed by then, every frame's checksum
 * checked. Written to a temporary file, checked with SQLite's quick_check, then renamed into place.
 */
export async function restoreBottomless(
  bucket: GenerationsBucket,
  backup: NamespaceBackup,
  options: BottomlessRestoreOptions,
): Promise<BottomlessRestoreResult> {
  const plan = planGenerations(backup, options);
  const durable = options.durable !== false;
  let result: Awaited<ReturnType<typeof replay>> | undefined;
  let pages = 0;
  const words = wordsOf(options);
  await writeRestoredFile(options.out, { durable, words }, async (handle, tempPath) => {
    const builder = new DatabaseBuilder(handle, tempPath, words);
    const first = plan.chain[0];
    if (plan.snapshot && first)
      await builder.snapshot(
        bucket.snapshotBytes(plan.snapshot.key, plan.snapshot.compression),
        plan.snapshot.key,
        first.metaValue?.pageSize ?? null,
      );
    result = await replay(bucket, plan, builder, options);
    // A time before anything a chain from an empty database flushed: that empty file is no state it backed up.
    if (options.untilTime !== undefined && !plan.snapshot && !result.committed && first)
      throw noStateAt(backup.dbName, options.untilTime, first);
    if (builder.pageSize === 0) builder.pageSize = 4096;
    await builder.finish();
    pages = builder.pages;
    return `point ${result.generation}:${result.untilFrameNo}`;
  });
  const r = result ?? { untilFrameNo: 0, generation: plan.chosen.id, stoppedBecause: undefined, applied: 0 };
  return {
    out: options.out,
    untilFrameNo: BigInt(r.untilFrameNo),
    pages,
    segmentsApplied: r.applied,
    generation: r.generation,
    generations: plan.chain.map((g) => g.id),
    ...(r.stoppedBecause !== undefined ? { stoppedBecause: r.stoppedBecause } : {}),
  };
}
