import type { VerifiedSegment, VerifyResult } from '../model/results.js';
import { isSegscopeError } from '../errors.js';
import type { Problem } from '../model/problem.js';
import { hasErrors } from '../format/problem.js';
import { hasSqliteMagic, sqlitePageSize } from '../format/sqlite-database-header.js';
import type { Generation } from '../layouts/bottomless-generations.js';
import { snapshotOf, walkChain } from '../layouts/bottomless-chain.js';
import { type GenerationSizes, SizeReader, depSizeProblems } from './bottomless-dep-sizes.js';
import { type WalBreak, describeBreak, walBatches, walkGenerationWal } from '../layouts/bottomless-wal.js';
import type { GenerationsAccess } from '../layouts/layout.js';
import type { ProgressListener } from '../progress.js';
import { FrameTally, trailingSeverity } from './wal-frame-tally.js';

/**
 * The snapshot decompresses to a SQLite file whose page size is the generation's; and the pages of
 * the one a restore reads, into `sizes`.
 */
async function snapshotProblems(access: GenerationsAccess, g: Generation, sizes: GenerationSizes): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (g.snapshots.length > 1) {
    problems.push({
      code: 'OVERLAP_CONFLICT',
      severity: 'warning',
      message:
        `generation ${g.id} holds ${g.snapshots.length} snapshots ` +
        `(${g.snapshots.map((s) => s.name).join(', ')}); a restore reads one`,
    });
  }
  for (const s of g.snapshots) {
    try {
      let head = Buffer.alloc(0);
      let bytes = 0;
      for await (const chunk of access.bucket.snapshotBytes(s.key, s.compression)) {
        if (head.length < 18) head = Buffer.concat([head, chunk]).subarray(0, 18);
        bytes += chunk.length;
      }
      const pageSize = hasSqliteMagic(head) ? sqlitePageSize(head) : null;
      if (pageSize !== null && s === snapshotOf(g)) sizes.snapshotPages = Math.floor(bytes / pageSize);
      if (pageSize === null) {
        problems.push({
          code: 'NOT_A_DATABASE',
          severity: 'error',
          message: `${s.key} does not decompress to a SQLite database`,
        });
        continue;
      }
      if (g.metaValue && pageSize !== g.metaValue.pageSize) {
        problems.push({
          code: 'BAD_PAGE_SIZE',
          severity: 'error',
          message: `${s.key} has pages of ${pageSize} bytes where .meta says ${g.metaValue.pageSize}`,
        });
      }
    } catch (error) {
      if (!isSegscopeError(error)) throw error;
      problems.push({ code: error.code, severity: 'error', message: error.message });
    }
  }
  return problems;
}

/**
 * What the batch names say: timestamps, rewinds, gaps, the first frame. A gap is a warning, as
 * bottomless's writer can leave one, unless `newest` (the newest generation) replays this
 * generation in its restore: then the newest state cannot be restored, which is an error.
 */
function batchNameProblems(g: Generation, newest: Generation | null): Problem[] {
  const problems: Problem[] = [];
  const createdSecs = Number(g.createdMs / 1000n);
  let previous: number | null = null;
  for (const b of g.batches) {
    if (b.timestampSecs < createdSecs)
      problems.push({
        code: 'FRAME_ORDER',
        severity: 'warning',
        message: `${b.key} was flushed before its generation was created`,
      });
    if (previous !== null && b.timestampSecs < previous)
      problems.push({
        code: 'FRAME_ORDER',
        severity: 'warning',
        message: `${b.key} was flushed before the batch it follows`,
      });
    previous = b.timestampSecs;
  }
  const { uses, gaps } = walBatches(g, null);
  const rewound = g.batches.length - uses.length + uses.filter((u) => u.untilFrameNo < u.batch.lastFrameNo).length;
  if (rewound > 0)
    problems.push({
      code: 'OVERLAP_CONFLICT',
      severity: 'warning',
      message:
        `${rewound} batch(es) of generation ${g.id} hold frames a later batch rewrote (a rolled back ` +
        `transaction); the later ones are read`,
    });
  for (const gap of gaps)
    problems.push({
      code: 'CHAIN_GAP',
      severity: newest ? 'error' : 'warning',
      message:
        `frames ${gap.frameNo}..${gap.toFrameNo} of generation ${g.id} are in no batch: no restore reaches ` +
        `its frames from ${gap.frameNo} on, nor the generations whose restore replays it` +
        (newest ? `, so the newest state (generation ${newest.id}) cannot be restored` : ''),
    });
  if (!g.meta && g.batches.length > 0)
    problems.push({
      code: 'NOT_FOUND',
      severity: newest ? 'error' : 'warning',
      message:
        `generation ${g.id} has batches but no .meta, which gives their page size and seeds their checksum ` +
        `chain: bottomless's restore skips its WAL, and no restore reaches its frames, nor the generations ` +
        `whose restore replays it` +
        (newest ? `, so the newest state (generation ${newest.id}) cannot be restored` : ''),
    });
  return problems;
}

/**
 * What the generation's `.dep` chain says of restoring it. A missing parent is a warning (listed
 * apart) and an unreadable `.dep` is that object's own problem; a chain past sqld's depth is a
 * warning, since the writer makes one; a cycle is an error, since sqld's `.dep` only ever names an
 * older generation. A chain ending in a generation whose snapshot is gone is an error where its
 * `.changecounter` shows the bucket lost it, or where it is the newest state's; else a warning, as
 * a snapshot's upload that failed leaves it too.
 */
function chainProblems(byId: ReadonlyMap<string, Generation>, g: Generation, newest: boolean): Problem[] {
  const problems: Problem[] = [];
  if (g.parent !== null && !byId.has(g.parent)) {
    problems.push({
      code: 'NOT_FOUND',
      severity: 'warning',
      message: `generation ${g.id} continues ${g.parent}, which the bucket does not hold`,
    });
  }
  if (g.snapshots.length === 0 && g.changeCounter && g.parent !== null)
    problems.push({
      code: 'NOT_FOUND',
      severity: 'warning',
      message:
        `generation ${g.id} has no snapshot, yet its .changecounter, uploaded only after its snapshot, says it ` +
        `had one: a restore replays the generations its .dep names instead, as bottomless does`,
    });
  const walked = walkChain(byId, g);
  if (!('broken' in walked)) return problems;
  if (walked.broken === 'cycle' || walked.broken === 'deep')
    problems.push({
      code: 'GENERATION_CHAIN',
      severity: walked.broken === 'cycle' ? 'error' : 'warning',
      message: `${walked.message}: no restore stands on generation ${g.id}`,
    });
  if (walked.broken === 'base')
    problems.push({
      code: 'GENERATION_CHAIN',
      severity: newest || walked.root.changeCounter ? 'error' : 'warning',
      message:
        walked.root === g
          ? walked.message
          : `no restore stands on generation ${g.id}: its restore replays ${walked.root.id}, whose snapshot is missing`,
    });
  return problems;
}

/**
 * Where the walk stopped short of the generation's last frame: a broken checksum, or a batch that
 * holds fewer frames than its name says (a gap between batches, and batches with no `.meta`, are
 * batchNameProblems').
 */
function walBreakProblems(g: Generation, broken: WalBreak | null): Problem[] {
  if (broken?.kind !== 'checksum' && broken?.kind !== 'truncated') return [];
  return [{ ...describeBreak(g, broken), severity: 'error' }];
}

/**
 * The generation's WAL walked from `.meta` across its batches, each frame counted into `tally` and
 * `sizes`; `whole` when it read to the last frame.
 */
async function walProblems(
  access: GenerationsAccess,
  g: Generation,
  tally: FrameTally,
  sizes: SizeReader,
): Promise<{ problems: Problem[]; whole: boolean }> {
  try {
    const walk = await walkGenerationWal(access.bucket, g, {
      untilSecs: null,
      onFrame: (frame) => {
        sizes.frame(frame);
        tally.count(frame);
      },
    });
    const problems = [
      ...walBreakProblems(g, walk.broken),
      ...walk.trailing.map((t): Problem => ({
        code: 'TRAILING_DATA',
        severity: trailingSeverity(t.bytes),
        message: `${t.key} ends with ${t.bytes} bytes that are no whole frame`,
      })),
    ];
    return { problems, whole: walk.broken === null };
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    return { problems: [{ code: error.code, severity: 'error', message: error.message }], whole: false };
  }
}

/**
 * Salts that change within the generation, and frames after its last commit (sqld may leave both).
 * Frames after the last commit read are no uncommitted tail where the walk stopped short: their
 * commit may be among the frames it could not read.
 */
function tallyProblems(g: Generation, tally: FrameTally, whole: boolean): Problem[] {
  const problems: Problem[] = [];
  if (tally.saltsDiffer > 0)
    problems.push({
      code: 'HEADER_MISMATCH',
      severity: 'warning',
      message: `${tally.saltsDiffer} frame(s) of generation ${g.id} carry salts other than its first frame's`,
    });
  const lastCommit = tally.lastCommitFrameNo ?? 0;
  const lastFrame = tally.lastFrameNo ?? 0;
  if (whole && lastFrame > lastCommit)
    problems.push({
      code: 'MISSING_COMMIT_FRAME',
      severity: 'warning',
      message: `frames ${lastCommit + 1}..${lastFrame} of generation ${g.id} never committed (a restore drops them)`,
    });
  return problems;
}

async function verifyGeneration(
  access: GenerationsAccess,
  byId: ReadonlyMap<string, Generation>,
  g: Generation,
  newest: { generation: Generation; replaysG: boolean },
  sizes: SizeReader,
): Promise<VerifiedSegment> {
  const tally = new FrameTally();
  const snapshot = await snapshotProblems(access, g, sizes.sizes);
  const wal = await walProblems(access, g, tally, sizes);
  const problems: Problem[] = [
    ...g.problems,
    ...batchNameProblems(g, newest.replaysG ? newest.generation : null),
    ...snapshot,
    ...chainProblems(byId, g, g === newest.generation),
    ...wal.problems,
    ...tallyProblems(g, tally, wal.whole),
  ];
  return { file: g.folder, ok: !hasErrors(problems), problems };
}

/**
 * Every check of a bottomless namespace: each generation's small objects, snapshot, batch names
 * and its WAL's checksum chain from `.meta` across its batches; what sqld legitimately leaves
 * (rewound batches, an uncommitted tail, a tombstone, a gap the newest state does not stand on)
 * as warnings.
 */
export async function verifyGenerations(
  access: GenerationsAccess,
  namespace: string,
  onProgress?: ProgressListener,
): Promise<VerifyResult> {
  const backup = await access.backup(namespace);
  const segments: VerifiedSegment[] = [];
  const oldestFirst = [...backup.generations].reverse();
  const byId = new Map(backup.generations.map((g) => [g.id, g]));
  // The generations a restore of the newest state replays, as the restore walks them.
  const newest = backup.generations[0];
  const latest = newest ? walkChain(byId, newest) : null;
  const replayedByNewest = latest && !('broken' in latest) ? latest.chain : [];
  const sizes = new Map<string, GenerationSizes>();
  for (const [i, g] of oldestFirst.entries()) {
    const reader = new SizeReader();
    segments.push(
      await verifyGeneration(
        access,
        byId,
        g,
        { generation: newest ?? g, replaysG: replayedByNewest.includes(g) },
        reader,
      ),
    );
    sizes.set(g.id, reader.sizes);
    onProgress?.({ id: `verify:${namespace}`, phase: 'verify', done: i + 1, total: oldestFirst.length });
  }
  for (const [id, problem] of depSizeProblems(byId, sizes)) {
    const entry = segments.find((s) => s.file === byId.get(id)?.folder);
    if (entry) Object.assign(entry, { ok: false, problems: [...entry.problems, problem] });
  }
  if (backup.problems.length > 0)
    segments.push({ file: `${backup.dbName}.tombstone`, ok: !hasErrors(backup.problems), problems: backup.problems });
  for (const f of backup.foreign)
    segments.push({ file: f.file, ok: true, problems: [{ code: f.code, severity: 'warning', message: f.message }] });
  return { ok: segments.every((s) => s.ok), segments };
}
