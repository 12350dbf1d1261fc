import { SegscopeError, fsError } from '../errors.js';
import { detectFormat } from '../format/detect.js';
import { PAGE_SIZE } from '../format/frame.js';
import { hasSqliteMagic, sqlitePageSize } from '../format/sqlite-database-header.js';
import { openRegularFile, probeOpenFile } from '../storage/local-file.js';
import { scanSegment } from '../storage/scan-file.js';
import { type DecodedPage, decodeSqlitePage } from './sqlite-page.js';

export interface PageView extends DecodedPage {
  pageNo: number;
  /** The frame that wrote this version of the page; null in a database file, which keeps pages, not frames. */
  frameNo: bigint | null;
  /** The frame's position in the segment; null in a database file. */
  frameIndex: number | null;
  /** The page's bytes as lowercase hex. */
  hex: string;
}

/**
 * A page and what SQLite's headers in it say: in a segment of any format its newest version, in
 * a database file (sqld's `data`, a restored database) the page where SQLite keeps it.
 */
export async function readPageView(path: string, pageNo: number): Promise<PageView> {
  return (await readDatabasePage(path, pageNo)) ?? readSegmentPage(path, pageNo);
}

async function readSegmentPage(path: string, pageNo: number): Promise<PageView> {
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
  return { pageNo, frameNo: hit.frameNo, frameIndex: hit.index, ...pageFields(pageNo, hit.page) };
}

/** Page `pageNo` of a database file, read where it lies; null when the file is not a database. */
async function readDatabasePage(path: string, pageNo: number): Promise<PageView | null> {
  const { handle, size } = await openRegularFile(path);
  try {
    const probe = await probeOpenFile(handle, size, path);
    if (detectFormat(probe) !== 'database') return null;
    // A libsql-wal database may start with a page 1 never written (no magic yet): its pages are sqld's size.
    const pageSize = (hasSqliteMagic(probe.head) ? sqlitePageSize(probe.head) : null) ?? PAGE_SIZE;
    const pages = Math.floor(size / pageSize);
    if (pageNo > pages) {
      const holds = pages === 0 ? 'holds no whole page' : `holds pages 1 to ${pages} (${pageSize} bytes each)`;
      throw new SegscopeError(
        'INVALID_ARGUMENT',
        `page ${pageNo} is past the end of the database file, which ${holds}`,
      );
    }
    const page = new Uint8Array(pageSize);
    await handle.read(page, 0, pageSize, (pageNo - 1) * pageSize).catch((error: unknown) => {
      throw fsError(error, 'the file', path);
    });
    return { pageNo, frameNo: null, frameIndex: null, ...pageFields(pageNo, page) };
  } finally {
    await handle.close();
  }
}

function pageFields(pageNo: number, page: Uint8Array): DecodedPage & { hex: string } {
  return { hex: Buffer.from(page).toString('hex'), ...decodeSqlitePage(pageNo, page) };
}
