import { SegscopeError } from '../errors.js';
import { encodeAlpha1Segment } from '../format/compacted-alpha1.js';
import { encodeV1Segment } from '../format/compacted-v1.js';
import { buildFstMap } from '../format/fst-builder.js';
import { pageKey } from '../format/fst-encoding.js';
import { encodeIndexObject } from '../format/index-object.js';
import type { SegmentFormat } from '../model/file-format.js';
import { scanSegment } from '../storage/scan-file.js';

export type BucketFormat = 'compacted-alpha1' | 'compacted-v1';

export interface BucketObjects {
  /** The compacted segment, in the namespace's format. */
  segment: Uint8Array;
  /** Its index object: page number → position of the page's frame in the segment. */
  index: Uint8Array;
  startFrameNo: bigint;
  endFrameNo: bigint;
  timestampMs: bigint;
  /** The format the file had before it was compacted. */
  source: SegmentFormat;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * What a bucket holds for one segment file of any format: the newest version of each page in a
 * compacted segment of `format` (docs/formats/libsql-wal.md), and its index object. The file must verify
 * without error first: a damaged segment never reaches a bucket libsql-wal reads.
 */
export async function bucketObjects(
  path: string,
  format: BucketFormat,
  fallbackTimeMs: bigint,
): Promise<BucketObjects> {
  const newest = new Map<number, { frameNo: bigint; page: Uint8Array }>();
  const { format: source, scan } = await scanSegment(path, {
    onPage: (frame, page) => {
      const known = newest.get(frame.pageNo);
      if (!known || known.frameNo <= frame.frameNo)
        newest.set(frame.pageNo, { frameNo: frame.frameNo, page: page.slice() });
    },
  });
  const error = scan.problems.find((p) => p.severity === 'error');
  if (error)
    throw new SegscopeError(error.code, `${path} does not verify, so it is not stored in the bucket: ${error.message}`);
  const header = scan.header;
  const last = scan.commits.at(-1);
  if (!header || !last || newest.size === 0)
    throw new SegscopeError('NOT_A_SEGMENT', `${path} holds no committed frame to store`);
  const frames = [...newest.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pageNo, v]) => ({ pageNo, frameNo: v.frameNo, page: v.page }));
  const timestampMs = scan.timeMs !== null && scan.timeMs > 0n ? scan.timeMs : fallbackTimeMs;
  const id = typeof header.segmentId === 'string' ? header.segmentId : NIL_UUID;
  const common = {
    startFrameNo: header.startFrameNo,
    endFrameNo: last.frameNo,
    sizeAfter: last.sizeAfter,
    timestampMs,
    frames,
  };
  const segment =
    format === 'compacted-v1'
      ? encodeV1Segment({ ...common, logId: id })
      : encodeAlpha1Segment({ ...common, segmentId: id });
  const index = encodeIndexObject(
    buildFstMap(frames.map((f, position) => ({ key: pageKey(f.pageNo), value: BigInt(position) }))),
  );
  return { segment, index, startFrameNo: header.startFrameNo, endFrameNo: last.frameNo, timestampMs, source };
}
