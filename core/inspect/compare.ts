import { createHash } from 'node:crypto';
import type { CompareField, CompareResult } from '../model/results.js';
import { inspectFile } from './inspect-file.js';
import { scanSegment } from '../storage/scan-file.js';

export interface PageVersion {
  frameNo: bigint;
  digest: string;
}

/**
 * A digest of each page's newest version in a segment of any format, over the frames a restore
 * would apply. Digests, not bytes, so comparing two 1 GiB segments needs a few MB.
 */
export async function pageDigests(path: string): Promise<Map<number, PageVersion>> {
  const digests = new Map<number, PageVersion>();
  await scanSegment(path, {
    onPage: (frame, page) => {
      const known = digests.get(frame.pageNo);
      if (known && known.frameNo > frame.frameNo) return;
      digests.set(frame.pageNo, { frameNo: frame.frameNo, digest: createHash('sha256').update(page).digest('base64') });
    },
  });
  return digests;
}

type FieldValue = CompareField['a'];

/** Header fields side by side, then pages only in a, only in b, changed, and equal. */
export async function compareFiles(pathA: string, pathB: string): Promise<CompareResult> {
  const [a, b] = await Promise.all([inspectFile(pathA), inspectFile(pathB)]);
  const fieldsA: Record<string, FieldValue> = { format: a.format, size: a.actualSize, ...(a.header ?? {}) };
  const fieldsB: Record<string, FieldValue> = { format: b.format, size: b.actualSize, ...(b.header ?? {}) };
  const names = [...new Set([...Object.keys(fieldsA), ...Object.keys(fieldsB)])];
  const header = names.map((field) => {
    const va = fieldsA[field] ?? null;
    const vb = fieldsB[field] ?? null;
    return { field, a: va, b: vb, same: va === vb };
  });
  const [pagesA, pagesB] = await Promise.all([pageDigests(pathA), pageDigests(pathB)]);
  const result: CompareResult = { header, pagesOnlyInA: [], pagesOnlyInB: [], pagesChanged: [], pagesSame: [] };
  for (const [page, version] of pagesA) {
    const other = pagesB.get(page);
    if (other === undefined) result.pagesOnlyInA.push(page);
    else if (other.digest === version.digest) result.pagesSame.push(page);
    else result.pagesChanged.push(page);
  }
  for (const page of pagesB.keys()) if (!pagesA.has(page)) result.pagesOnlyInB.push(page);
  for (const list of [result.pagesOnlyInA, result.pagesOnlyInB, result.pagesChanged, result.pagesSame])
    list.sort((x, y) => x - y);
  return result;
}
