import type { DamagedPiece, PointsResult, RestorePoint } from '../model/results.js';
import { type ErrorCode, SegscopeError } from '../errors.js';
import { isoFromMs } from '../format/recorded-time.js';
import type { Generation } from '../layouts/bottomless-generations.js';
import type { GenerationsAccess } from '../layouts/layout.js';
import { type GenerationChain, snapshotOf, walkChain } from '../layouts/bottomless-chain.js';
import { describeBreak, walBatches, walkGenerationWal } from '../layouts/bottomless-wal.js';
import { restoreBottomless } from './bottomless-restore.js';
import type { GenerationRestorer } from './restore-contract.js';

/** A generation's commits up to where its WAL could be read, and the piece it stopped at. */
interface GenerationPoints {
  points: RestorePoint[];
  /** A gap, a broken checksum or an object that would not read: no restore replays past it. */
  stop: DamagedPiece | null;
}

/** The batch that holds `frameNo` of the generation as its WAL stands, or its folder when none does. */
function pieceAt(g: Generation, frameNo: number): string {
  const use = walBatches(g, null).uses.find((u) => u.batch.firstFrameNo <= frameNo && frameNo <= u.untilFrameNo);
  return use?.batch.key ?? g.folder;
}

async function generationPoints(layout: GenerationsAccess, g: Generation): Promise<GenerationPoints> {
  const points: RestorePoint[] = [];
  let lastFrame = 0;
  const stop = (code: ErrorCode, file: string, message: string, frameNo: number): GenerationPoints => ({
    points,
    stop: { file, code, message, fromFrameNo: BigInt(frameNo), generation: g.id },
  });
  try {
    const walk = await walkGenerationWal(layout.bucket, g, {
      untilSecs: null,
      onFrame: (frame, batch) => {
        lastFrame = frame.frameNo;
        if (frame.sizeAfter === 0) return;
        points.push({
          frameNo: BigInt(frame.frameNo),
          time: isoFromMs(BigInt(batch.timestampSecs) * 1000n),
          segment: batch.key,
          generation: g.id,
        });
      },
    });
    const broken = walk.broken;
    if (!broken) return { points, stop: null };
    const { code, message } = describeBreak(g, broken);
    return stop(code, broken.key ?? g.folder, message, broken.frameNo);
  } catch (error) {
    if (!(error instanceof SegscopeError)) throw error;
    // A batch is read whole before its frames are handed on: the one that failed holds the next frame.
    return stop(error.code, pieceAt(g, lastFrame + 1), error.message, lastFrame + 1);
  }
}

/**
 * Where a restore of a generation stands before its first commit (`<generation>:0`, where a frame
 * before that commit snaps): its own snapshot, or the state its `.dep` parent ended at, from the
 * second the generation was created on, as a restore to a time stands there. The empty database a
 * first generation without a snapshot starts from has no time: a restore to a time refuses it.
 */
function startPoint(g: Generation, walked: Exclude<GenerationChain, { broken: unknown }>): RestorePoint {
  const empty = walked.snapshot === null && walked.chain[0] === g;
  return {
    frameNo: 0n,
    time: empty ? null : isoFromMs((g.createdMs / 1000n) * 1000n),
    segment: snapshotOf(g)?.key ?? g.dep?.key ?? g.folder,
    generation: g.id,
  };
}

/**
 * Every commit of every generation, oldest generation first, each generation's start before its
 * commits; each with the second its batch was flushed (the finest time the bucket records) and its
 * generation. A generation's points end at
 * its first gap, broken checksum or unreadable batch, which is named in `unreadable`: no restore
 * replays past it, so the generations whose restore replays that one (their `.dep` chain back to a
 * snapshot) have none either. A generation whose `.dep` chain reaches no snapshot or first
 * generation (a cycle, a parent not there, a snapshot gone) has none, and is named with why.
 */
async function bottomlessPoints(layout: GenerationsAccess, namespace: string): Promise<PointsResult> {
  const backup = await layout.backup(namespace);
  const byId = new Map(backup.generations.map((g) => [g.id, g]));
  const oldestFirst = [...backup.generations].reverse();
  const read = new Map<string, GenerationPoints>();
  for (const g of oldestFirst) if (!('broken' in walkChain(byId, g))) read.set(g.id, await generationPoints(layout, g));
  const points: RestorePoint[] = [];
  const unreadable: DamagedPiece[] = [];
  for (const g of oldestFirst) {
    const walked = walkChain(byId, g);
    if ('broken' in walked) {
      unreadable.push({ file: g.folder, code: 'GENERATION_CHAIN', message: walked.message, generation: g.id });
      continue;
    }
    const own = read.get(g.id);
    if (!own) continue;
    if (own.stop) unreadable.push(own.stop);
    if (walked.chain.some((replayed) => replayed !== g && read.get(replayed.id)?.stop)) continue;
    points.push(startPoint(g, walked), ...own.points);
  }
  return unreadable.length > 0 ? { points, unreadable } : { points };
}

/** A bottomless namespace restores and lists its points itself: its frames restart per generation. */
export function bottomlessRestorer(layout: GenerationsAccess, namespace: string): GenerationRestorer {
  return {
    restore: async (options) => restoreBottomless(layout.bucket, await layout.backup(namespace), options),
    points: () => bottomlessPoints(layout, namespace),
  };
}
