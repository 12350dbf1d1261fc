import { createHash } from 'node:crypto';
import type { CompareField, CompareResult, InspectResult } from '../api/types.js';
import { FRAME_HEADER_SIZE, FRAME_SIZE, viewOf } from '../format/frame.js';
import { RecordStream } from '../format/record-stream.js';
import { SEALED_HEADER_SIZE } from '../format/sealed-segment.js';
import { V0_HEADER_SIZE } from '../format/segment-v0.js';
import { V1_FRAME_HEADER_SIZE, V1_FRAME_SIZE, V1_HEADER_SIZE } from '../format/segment-v1.js';
import { inspectFile } from './inspect-file.js';
import { readChunks } from './read-chunks.js';

/** Where frames start and how they are laid out, per format. */
const LAYOUT = {
  'compacted-v0': { header: V0_HEADER_SIZE, frame: FRAME_SIZE, pageNoAt: 0, frameNoAt: 8, pageAt: FRAME_HEADER_SIZE },
  sealed: { header: SEALED_HEADER_SIZE, frame: FRAME_SIZE, pageNoAt: 0, frameNoAt: 8, pageAt: FRAME_HEADER_SIZE },
  'compacted-v1': { header: V1_HEADER_SIZE, frame: V1_FRAME_SIZE, pageNoAt: 4, frameNoAt: 8, pageAt: V1_FRAME_HEADER_SIZE },
} as const;

export interface PageVersion {
  frameNo: bigint;
  digest: string;
}

/**
 * A digest of each page's newest version in the file. Digests, not bytes, so comparing two
 * 1 GiB segments needs a few MB; later frames of the same page replace earlier ones, which is
 * what applying the segment would do.
 */
export async function pageDigests(path: string, inspected: InspectResult): Promise<Map<number, PageVersion>> {
  const digests = new Map<number, PageVersion>();
  if (inspected.format === 'unknown' || !inspected.header) return digests;
  const layout = LAYOUT[inspected.format];
  const frameCount = Number(inspected.header.frameCount);
  const stream = new RecordStream(
    layout.header,
    layout.frame,
    () => undefined,
    (record) => {
      const view = viewOf(record);
      digests.set(view.getUint32(layout.pageNoAt, true), {
        frameNo: view.getBigUint64(layout.frameNoAt, true),
        digest: createHash('sha256').update(record.subarray(layout.pageAt)).digest('base64'),
      });
    },
    frameCount,
  );
  await readChunks(path, (chunk) => stream.push(chunk));
  return digests;
}

type FieldValue = CompareField['a'];

function sameValue(a: FieldValue, b: FieldValue): boolean {
  return a === b;
}

/** Header fields side by side, then pages only in a, only in b, changed, and equal (DESIGN.md). */
export async function compareFiles(pathA: string, pathB: string): Promise<CompareResult> {
  const [a, b] = await Promise.all([inspectFile(pathA), inspectFile(pathB)]);
  const fieldsA: Record<string, FieldValue> = { format: a.format, size: a.actualSize, ...(a.header ?? {}) };
  const fieldsB: Record<string, FieldValue> = { format: b.format, size: b.actualSize, ...(b.header ?? {}) };
  const names = [...new Set([...Object.keys(fieldsA), ...Object.keys(fieldsB)])];
  const header = names.map((field) => {
    const va = fieldsA[field] ?? null;
    const vb = fieldsB[field] ?? null;
    return { field, a: va, b: vb, same: sameValue(va, vb) };
  });
  const [pagesA, pagesB] = await Promise.all([pageDigests(pathA, a), pageDigests(pathB, b)]);
  const result: CompareResult = { header, pagesOnlyInA: [], pagesOnlyInB: [], pagesChanged: [], pagesSame: [] };
  for (const [page, version] of pagesA) {
    const other = pagesB.get(page);
    if (other === undefined) result.pagesOnlyInA.push(page);
    else if (other.digest === version.digest) result.pagesSame.push(page);
    else result.pagesChanged.push(page);
  }
  for (const page of pagesB.keys()) if (!pagesA.has(page)) result.pagesOnlyInB.push(page);
  for (const list of [result.pagesOnlyInA, result.pagesOnlyInB, result.pagesChanged, result.pagesSame]) list.sort((x, y) => x - y);
  return result;
}
