import { SegscopeError } from '../errors.js';
import { scanSegment } from '../storage/scan-file.js';
import { type DecodedPage, decodeSqlitePage } from './sqlite-page.js';

export interface PageView extends DecodedPage {
  pageNo: number;
  frameNo: bigint;
  /** The frame's position in the segment. */
  frameIndex: number;
  /** The page's 4096 bytes as lowercase hex. */
  hex: string;
}

/** A page's newest version in a segment of any format: its bytes and what SQLite's headers in it say. */
export async function readPageView(path: string, pageNo: number): Promise<PageView> {
  const found: { frameNo: bigint; index: number; page: Uint8Array }[] = [];
  await scanSegment(path, {
    onPage: (frame, page) => {
      const known = found[0];
      if (frame.pageNo !== pageNo || (known && known.frameNo > frame.frameNo)) return;
      found[0] = { frameNo: frame.frameNo, index: frame.index, page: page.slice() };
    },
  });
  const hit = found[0];
  if (!hit) throw new SegscopeError('NOT_FOUND', `the segment holds no version of page ${pageNo}`);
  return {
    pageNo,
    frameNo: hit.frameNo,
    frameIndex: hit.index,
    hex: Buffer.from(hit.page).toString('hex'),
    ...decodeSqlitePage(pageNo, hit.page),
  };
}
