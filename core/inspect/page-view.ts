import { SegscopeError } from '../errors.js';
import { FRAME_HEADER_SIZE, FRAME_SIZE, readFrameHeader, viewOf } from '../format/frame.js';
import { RecordStream } from '../format/record-stream.js';
import { V0_HEADER_SIZE } from '../format/segment-v0.js';
import { inspectFile } from './inspect-file.js';
import { readChunks } from './read-chunks.js';
import { type DecodedPage, decodeSqlitePage } from './sqlite-page.js';

export interface PageView extends DecodedPage {
  pageNo: number;
  frameNo: bigint;
  /** The frame's position in the segment. */
  frameIndex: number;
  /** The page's 4096 bytes as lowercase hex. */
  hex: string;
}

/** One page of a v0 segment: its bytes and what SQLite's headers in it say. */
export async function readPageView(path: string, pageNo: number): Promise<PageView> {
  const inspected = await inspectFile(path);
  if (inspected.format !== 'compacted-v0' || !inspected.header) {
    throw new SegscopeError('NOT_A_SEGMENT', `${path} is not a compacted v0 segment; pages can be shown for those only`);
  }
  let found: PageView | null = null;
  const stream = new RecordStream(
    V0_HEADER_SIZE,
    FRAME_SIZE,
    () => undefined,
    (record, index) => {
      const frame = readFrameHeader(viewOf(record), 0);
      if (frame.pageNo !== pageNo || found) return;
      const page = record.slice(FRAME_HEADER_SIZE);
      found = { pageNo, frameNo: frame.frameNo, frameIndex: index, hex: Buffer.from(page).toString('hex'), ...decodeSqlitePage(pageNo, page) };
    },
    Number(inspected.header.frameCount),
  );
  await readChunks(path, (chunk) => stream.push(chunk));
  if (!found) throw new SegscopeError('NOT_FOUND', `the segment holds no version of page ${pageNo}`);
  return found;
}
