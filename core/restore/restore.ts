import { join } from 'node:path';
import type { RestoreResult } from '../api/types.js';
import type { FsBackend } from '../backend/fs-backend.js';
import { publish, writeTemp } from '../backend/atomic-write.js';
import { SegscopeError } from '../errors.js';
import { FRAME_HEADER_SIZE, FRAME_SIZE, PAGE_SIZE, readFrameHeader, viewOf } from '../format/frame.js';
import { RecordStream } from '../format/record-stream.js';
import { V0_HEADER_SIZE, decodeV0Header } from '../format/segment-v0.js';
import { readChunks } from '../inspect/read-chunks.js';
import type { ProgressListener } from '../progress.js';
import { PageWriter } from './page-writer.js';
import { type PlannedSegment, planRestore } from './restore-plan.js';

export interface RestoreOptions {
  out: string;
  untilFrameNo?: bigint | undefined;
  /** ISO-8601: the newest state whose segments were all created at or before this time. */
  untilTime?: string | undefined;
  allowGaps: boolean;
  onProgress?: ProgressListener | undefined;
}

/** Local segments first; the remote's fill in what the local folder lacks. */
async function candidates(backend: FsBackend, namespace: string): Promise<PlannedSegment[]> {
  const local = (await backend.index(namespace)).all().map((s) => ({ ...s, key: s.name, source: 'local' as const }));
  if (backend.remote.kind === 'none') return local;
  const known = new Set(local.map((s) => s.key));
  const remote = (await backend.remote.list(namespace)).segments
    .filter((s) => !known.has(s.key))
    .map((s) => ({ key: s.key, startFrameNo: s.startFrameNo, endFrameNo: s.endFrameNo, createdAt: s.createdAt, source: 'remote' as const }));
  return [...local, ...remote];
}

function timeLimit(untilTime: string): bigint {
  const ms = Date.parse(untilTime);
  if (Number.isNaN(ms)) throw new SegscopeError('INVALID_ARGUMENT', `--until-time must be an ISO-8601 time, got "${untilTime}"`);
  return BigInt(Math.floor(ms / 1000));
}

/**
 * A SQLite database file as of a frame (FORMAT.md §3): segments applied in frame order, each
 * page's newest version (highest frame number) winning, truncated to the size after the last
 * applied segment, written to a temporary file and renamed into place.
 */
export async function restoreDatabase(backend: FsBackend, namespace: string, options: RestoreOptions): Promise<RestoreResult> {
  let all = await candidates(backend, namespace);
  if (options.untilTime !== undefined) {
    const limit = timeLimit(options.untilTime);
    all = all.filter((s) => s.createdAt <= limit);
  }
  if (all.length === 0) throw new SegscopeError('FRAME_NOT_FOUND', 'there are no segments to restore from');
  const newest = all.reduce((max, s) => (s.endFrameNo > max ? s.endFrameNo : max), 0n);
  const target = options.untilFrameNo ?? newest;
  const plan = planRestore(all, target);
  if (plan.segments.length === 0) {
    throw new SegscopeError('FRAME_NOT_FOUND', `no segment ends at or before frame ${target}; the first ends at a later frame`);
  }
  const firstGap = plan.gaps[0];
  if (firstGap && !options.allowGaps) {
    throw new SegscopeError(
      'CHAIN_GAP',
      `frames ${firstGap.fromFrameNo}..${firstGap.toFrameNo} are in no segment, so the database as of frame ` +
        `${plan.untilFrameNo} cannot be rebuilt (allow gaps to restore anyway)`,
    );
  }
  const best = new Map<number, bigint>();
  let sizeAfter = 0;
  const id = `restore:${options.out}`;
  const temp = await writeTemp(options.out, async (handle) => {
    const writer = new PageWriter(handle);
    for (const [i, segment] of plan.segments.entries()) {
      const path =
        segment.source === 'local'
          ? join(backend.segmentsDir(namespace), segment.key)
          : (await backend.locate(namespace, segment.startFrameNo)).cachedPath;
      const isLast = i === plan.segments.length - 1;
      let frameCount = 0;
      const stream = new RecordStream(
        V0_HEADER_SIZE,
        FRAME_SIZE,
        (header) => {
          frameCount = Number(decodeV0Header(header).frameCount);
        },
        (record) => {
          const frame = readFrameHeader(viewOf(record), 0);
          if (isLast && frame.frameNo === segment.endFrameNo && frame.sizeAfter !== 0) sizeAfter = frame.sizeAfter;
          if (frame.pageNo === 0 || (best.get(frame.pageNo) ?? -1n) > frame.frameNo) return;
          best.set(frame.pageNo, frame.frameNo);
          writer.write(frame.pageNo, record.subarray(FRAME_HEADER_SIZE));
        },
        Number.MAX_SAFE_INTEGER,
      );
      await readChunks(path, async (chunk) => {
        stream.push(chunk);
        await writer.settle();
      });
      if (stream.records < frameCount) {
        throw new SegscopeError('TRUNCATED_SEGMENT', `${segment.key} holds ${stream.records} of its ${frameCount} frames; restore stopped, nothing was written`);
      }
      options.onProgress?.({ id, phase: 'restore', done: i + 1, total: plan.segments.length });
    }
    await writer.finish();
    if (sizeAfter === 0) {
      throw new SegscopeError('MISSING_COMMIT_FRAME', `${plan.segments.at(-1)?.key ?? 'the last segment'} has no commit frame telling the database size`);
    }
    await handle.truncate(sizeAfter * PAGE_SIZE);
  });
  await publish(temp, options.out, {
    replace: false,
    existsError: () => new SegscopeError('DESTINATION_EXISTS', `${options.out} already exists; choose another output file`),
  });
  return { out: options.out, untilFrameNo: plan.untilFrameNo, pages: sizeAfter, segmentsApplied: plan.segments.length };
}
