import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { PAGE_SIZE, type Frame } from '../../core/format/frame.js';
import { formatSegmentKey } from '../../core/format/segment-key.js';
import { encodeV0Segment } from '../../core/format/segment-v0.js';

/** A temporary directory removed when the current test finishes. */
export async function tempDir(label = 'segscope-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), label));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A page whose bytes say which page and frame they are, so mixed-up pages are caught. */
export function pageBytes(pageNo: number, frameNo: bigint): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE);
  const view = new DataView(page.buffer);
  for (let offset = 0; offset < PAGE_SIZE; offset += 16) {
    view.setUint32(offset, pageNo, true);
    view.setBigUint64(offset + 4, frameNo, true);
    view.setUint32(offset + 12, offset, true);
  }
  return page;
}

export interface SegmentSpec {
  start: bigint;
  end: bigint;
  /** Pages the segment holds; by default one page per frame number, capped at 8. */
  pages?: number[];
  /** Database size after the segment; defaults to the highest page. */
  sizeAfter?: number;
  segmentId?: string;
}

/**
 * A well-formed v0 segment: pages in ascending order, the last page's frame is the commit
 * frame `end` with `sizeAfter`, the others carry frame numbers inside the range.
 */
export function buildSegment(spec: SegmentSpec): Uint8Array {
  const span = Number(spec.end - spec.start + 1n);
  const pages = spec.pages ?? Array.from({ length: Math.min(span, 8) }, (_, i) => i + 1);
  const sizeAfter = spec.sizeAfter ?? Math.max(...pages);
  const frames: Frame[] = pages.map((pageNo, i) => {
    const isCommit = i === pages.length - 1;
    const frameNo = isCommit ? spec.end : spec.start + BigInt(i % Math.max(span - 1, 1));
    return { pageNo, sizeAfter: isCommit ? sizeAfter : 0, frameNo, page: pageBytes(pageNo, frameNo) };
  });
  return encodeV0Segment({
    segmentId: spec.segmentId ?? randomUUID(),
    startFrameNo: spec.start,
    endFrameNo: spec.end,
    frames,
  });
}

export function keyFor(start: bigint, end: bigint, createdAt = 1_700_000_000n): string {
  return formatSegmentKey({ startFrameNo: start, endFrameNo: end, createdAt });
}

/** Writes segments under `<prefix>/segments/` as libsql-wal's fs backend lays them out. */
export async function writeSegmentDir(prefix: string, specs: readonly SegmentSpec[]): Promise<string[]> {
  const dir = join(prefix, 'segments');
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const spec of specs) {
    const path = join(dir, keyFor(spec.start, spec.end));
    await writeFile(path, buildSegment(spec));
    paths.push(path);
  }
  return paths;
}

/**
 * The folder of a namespace's segments in a `file://` remote laid out as the seed's bucket
 * (`ns-{cluster}:{namespace}-v2/segments/`), made under `root`.
 */
export async function fileRemoteFolder(root: string, cluster: string, namespace = 'default'): Promise<string> {
  const folder = join(root, `ns-${cluster}:${namespace}-v2`, 'segments');
  await mkdir(folder, { recursive: true });
  return folder;
}

/**
 * An empty seed folder and a `file://` remote (cluster `prod`) holding one segment built from
 * `spec`, with the arguments of a `fetch` of `frame` that falls back to that remote and writes
 * to `got` inside the folder.
 */
export async function fetchFromFileRemote(
  spec: SegmentSpec,
  frame: bigint,
): Promise<{ prefix: string; args: string[] }> {
  const prefix = await tempDir();
  const remote = await tempDir();
  await mkdir(join(prefix, 'segments'));
  await writeFile(join(await fileRemoteFolder(remote, 'prod'), keyFor(spec.start, spec.end)), buildSegment(spec));
  const dest = join(prefix, 'got');
  const args = ['fetch', '--dir', prefix, '--frame', String(frame), '--dest', dest, '--remote', `file://${remote}`];
  return { prefix, args: [...args, '--cluster-id', 'prod'] };
}
