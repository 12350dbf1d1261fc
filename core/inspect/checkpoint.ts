import type { DatabaseFileInfo } from '../model/results.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { Problem } from '../model/problem.js';
import { probeFile } from '../storage/local-file.js';
import { quickLook } from '../format/quick-status.js';

/** What the check needs of a segment: its range, and where to read its header. */
interface RangedFile {
  file: string;
  path: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
}

const refusal =
  'no restore, point, query or diff stands on it; compare the file with the one sqld holds, or restore from a copy';

/**
 * Whether the replication index in a sqld database file's footer (the newest frame checkpointed
 * into it) agrees with the segments beside it and with the file itself. libsql-wal checkpoints
 * whole sealed segments and then removes them, so the index is the end of a segment or lies just
 * before the first one left; the file then holds the pages that segment's last commit counted.
 * A footer that says otherwise (damaged, edited, or from another file) would have a restore start
 * from a state it cannot prove: frames would be skipped as checkpointed when the file never held
 * them. The findings are verify errors of the database file, and restore's refusals.
 */
export async function checkpointProblems(
  database: DatabaseFileInfo,
  segments: readonly RangedFile[],
): Promise<Problem[]> {
  const index = database.replicationIndex;
  if (index === null || index === 0n) return [];
  const said = `the database file's footer says frames up to ${index} are checkpointed into it`;
  const problem = (detail: string): Problem[] => [
    { code: 'CHECKPOINT_MISMATCH', message: `${said}, but ${detail}`, severity: 'error' },
  ];
  if (database.pages === 0n) return problem('the file holds no page');
  let newest: RangedFile | null = null;
  for (const segment of segments) {
    if (!newest || segment.endFrameNo > newest.endFrameNo) newest = segment;
    if (segment.startFrameNo <= index && index < segment.endFrameNo) {
      return problem(
        `that is inside ${segment.file} (frames ${segment.startFrameNo}..${segment.endFrameNo}), and ` +
          `libsql-wal checkpoints whole segments`,
      );
    }
  }
  if (newest && index > newest.endFrameNo)
    return problem(`no segment reaches past frame ${newest.endFrameNo} (${newest.file})`);
  const ending = segments.find((s) => s.endFrameNo === index);
  if (ending) {
    const sizeAfter = await sizeAfterOf(ending);
    if (sizeAfter !== null && BigInt(sizeAfter) > database.pages) {
      return problem(
        `${ending.file}, which ends there, leaves the database ${sizeAfter} pages long and the file holds ` +
          `only ${database.pages}`,
      );
    }
  }
  return [];
}

/** A segment's database size after its last commit, from its header; null where unreadable (its own entry says why). */
async function sizeAfterOf(segment: RangedFile): Promise<number | null> {
  try {
    return quickLook(await probeFile(segment.path)).sizeAfter;
  } catch (error) {
    if (isSegscopeError(error)) return null;
    throw error;
  }
}

/** The same findings as restore's refusal: the first one, naming the file. */
export async function checkCheckpoint(
  database: DatabaseFileInfo | null,
  segments: readonly RangedFile[],
): Promise<void> {
  if (!database) return;
  const [first] = await checkpointProblems(database, segments);
  if (first) throw new SegscopeError(first.code, `${database.path}: ${first.message}; ${refusal}`);
}
