import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { ListResult, ListedSegment } from '../api/types.js';
import { HEAD_SIZE } from '../format/detect.js';
import { statusFromHead } from '../inspect/quick-status.js';
import { gapsAndOverlaps } from '../inspect/timeline.js';
import type { FsBackend } from './fs-backend.js';
import { DEFAULT_NAMESPACE } from './layout.js';
import { readSegmentDir } from './segment-dir.js';
import { SegmentIndex } from './segment-index.js';

/**
 * Files read per turn of the event loop. Synchronous open/fstat/read/close costs a few
 * microseconds per file, several times less than the promise API's thread-pool round trips, and
 * batches this small keep the loop (the UI's server, Electron's main process) responsive.
 */
const BATCH = 256;

/** Size and first bytes of a file, or null when it cannot be read. */
function sizeAndHead(path: string, buffer: Uint8Array): { size: bigint; head: Uint8Array } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = BigInt(fstatSync(fd).size);
    const read = readSync(fd, buffer, 0, HEAD_SIZE, 0);
    return { size, head: buffer.subarray(0, read) };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Seconds since the epoch as ISO-8601; a value past what a Date holds stays a plain number string. */
export function isoFromSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : seconds.toString();
}

/**
 * The `list` command's document: every segment with its status from header and size, entries
 * that are not segments, gaps, overlaps. Reads the directory afresh (and refreshes the backend's
 * cached index with it), since a listing is what an operator asks for to see the current state.
 */
export async function listSegments(backend: FsBackend, namespace: string): Promise<ListResult> {
  await backend.checkPrefix();
  const dir = backend.segmentsDir(namespace);
  const listing = await readSegmentDir(dir);
  const index = new SegmentIndex(listing.segments);
  const sorted = index.all();
  const segments: ListedSegment[] = [];
  const buffer = new Uint8Array(HEAD_SIZE);
  for (const [i, segment] of sorted.entries()) {
    if (i > 0 && i % BATCH === 0) await yieldToEventLoop();
    const path = join(dir, segment.name);
    const read = sizeAndHead(path, buffer);
    segments.push({
      file: segment.name,
      path,
      startFrameNo: segment.startFrameNo,
      endFrameNo: segment.endFrameNo,
      createdAt: isoFromSeconds(segment.createdAt),
      size: read?.size ?? 0n,
      status: read ? statusFromHead(read.head, read.size, segment) : 'unreadable',
    });
  }
  backend.replaceIndex(namespace, index);
  const { gaps, overlaps } = gapsAndOverlaps(sorted);
  return {
    prefix: backend.prefix,
    namespace: namespace || DEFAULT_NAMESPACE,
    maxFrameNo: index.maxFrameNo(),
    segments,
    unrecognized: listing.unrecognized,
    gaps,
    overlaps,
  };
}
