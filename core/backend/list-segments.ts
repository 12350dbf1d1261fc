import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListResult, ListedSegment } from '../api/types.js';
import { statusFromHead, readHead } from '../inspect/quick-status.js';
import { gapsAndOverlaps } from '../inspect/timeline.js';
import type { FsBackend } from './fs-backend.js';
import { DEFAULT_NAMESPACE } from './layout.js';
import { readSegmentDir } from './segment-dir.js';
import { SegmentIndex } from './segment-index.js';

/** Enough open files to hide disk latency, few enough to stay far below the descriptor limit. */
const CONCURRENCY = 64;

/** Seconds since the epoch as ISO-8601; a value past what a Date holds stays a plain number string. */
export function isoFromSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : seconds.toString();
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
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
  const segments = await mapLimited(sorted, CONCURRENCY, async (segment): Promise<ListedSegment> => {
    const path = join(dir, segment.name);
    const base = {
      file: segment.name,
      path,
      startFrameNo: segment.startFrameNo,
      endFrameNo: segment.endFrameNo,
      createdAt: isoFromSeconds(segment.createdAt),
    };
    try {
      const size = BigInt((await stat(path)).size);
      return { ...base, size, status: statusFromHead(await readHead(path), size, segment) };
    } catch {
      return { ...base, size: 0n, status: 'unreadable' };
    }
  });
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
