import type { VerifiedSegment } from '../model/results.js';
import { isSegscopeError } from '../errors.js';
import { readIndexObject } from '../format/index-object.js';
import { ProblemLog, hasErrors } from '../format/problem.js';
import { checkIndexEntries } from '../format/sealed-index-check.js';
import type { RemoteIndexObject } from '../layouts/remote.js';
import { scanSegment } from '../storage/scan-file.js';

/** The page each frame of a compacted segment holds, in file order: what its index maps pages to. */
async function slotPages(segmentPath: string): Promise<Parameters<typeof checkIndexEntries>[1]> {
  const pages: number[] = [];
  await scanSegment(segmentPath, { onPage: (frame) => void pages.push(frame.pageNo) });
  const pageOfSlot = Uint32Array.from(pages);
  const maxPage = pages.reduce((a, b) => Math.max(a, b), 0);
  return { pageOfSlot, maxPage, committedSlots: pages.length, bodySlots: pages.length };
}

/**
 * A libsql-wal bucket's index object, which libsql-wal finds the segment through: its header's
 * fields and CRC-32, and its fst against the segment it names (each page mapped to the frame that
 * holds it, every page listed). `segmentPath`: the bucket's object of that segment, read; null where
 * the bucket holds none; undefined where it could not be read or failed its own checks (the index is
 * then checked alone, and a warning says its entries were not).
 */
export async function verifyIndexObject(
  object: RemoteIndexObject,
  segmentPath: string | null | undefined,
): Promise<VerifiedSegment> {
  const log = new ProblemLog();
  try {
    const bytes = await object.read();
    if (segmentPath === null) {
      log.add(
        'INDEX_MISMATCH',
        'it names a segment the bucket does not hold: libsql-wal finds segments through their index ' +
          'objects, and would look this one up and find nothing to read',
      );
    } else if (!bytes) {
      log.add(
        'INDEX_MISMATCH',
        `the bucket holds no index object for segment ${object.segment}: libsql-wal finds segments through ` +
          'them, so it never reads this one',
      );
    } else {
      const read = readIndexObject(bytes, log);
      if (read && segmentPath !== undefined) checkIndexEntries(read.fst, await slotPages(segmentPath), log);
      else if (read) {
        log.add(
          'INDEX_MISMATCH',
          `its entries were not checked: the bucket's segment ${object.segment} could not be read whole`,
          'warning',
        );
      }
    }
  } catch (error) {
    if (!isSegscopeError(error) || error.code === 'CANCELLED') throw error;
    log.add(error.code, error.message);
  }
  const problems = log.list();
  return { file: object.name, ok: !hasErrors(problems), problems };
}
