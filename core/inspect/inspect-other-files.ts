import { CLIENT_WAL_INDEX_SIZE, decodeClientWalIndex } from '../format/client-wal-index.js';
import { crc32 } from '../format/crc32.js';
import { type DbFooter, decodeDbFooter, DB_FOOTER_SIZE, hasFooterSize, isValidDbFooter } from '../format/db-footer.js';
import type { FileProbe } from '../format/detect.js';
import { PAGE_SIZE, viewOf } from '../format/frame.js';
import { FstMap } from '../format/fst.js';
import { INDEX_OBJECT_HEADER_SIZE, decodeIndexObjectHeader } from '../format/index-object.js';
import { ProblemLog } from '../format/problem.js';
import { LIBSQL_MAGIC } from '../format/sealed-segment.js';
import { emptyChecksum, hex32 } from '../format/segment-scan.js';
import { type ChecksumStatus, type HeaderFields } from '../model/file-format.js';
import { SegscopeError } from '../errors.js';
import { openRegularFile } from '../storage/local-file.js';

/** Index objects and raw fst indexes are small; anything larger is not one libsql-wal wrote. */
const MAX_INDEX_FILE = 64 << 20;

export interface OtherInspection {
  header: HeaderFields | null;
  expectedSize: bigint | null;
  checksum: ChecksumStatus;
  problems: ProblemLog;
}

async function readWhole(path: string, size: bigint): Promise<Uint8Array> {
  if (size > BigInt(MAX_INDEX_FILE))
    throw new SegscopeError('NOT_A_SEGMENT', `${path} is ${size} bytes, larger than any index libsql-wal writes`);
  const { handle } = await openRegularFile(path);
  try {
    const bytes = new Uint8Array(Number(size));
    await handle.read(bytes, 0, bytes.length, 0);
    return bytes;
  } finally {
    await handle.close();
  }
}

function fstFields(log: ProblemLog, fst: Uint8Array): { entries: bigint | null } {
  try {
    const map = FstMap.decode(fst);
    return { entries: map.length };
  } catch (error) {
    log.add('INDEX_CHECKSUM', error instanceof Error ? error.message : String(error));
    return { entries: null };
  }
}

function range(): Pick<HeaderFields, 'frameCount' | 'segmentId' | 'startFrameNo' | 'endFrameNo'> {
  return { frameCount: 0n, segmentId: null, startFrameNo: 0n, endFrameNo: 0n };
}

/** A bucket's index object: the 22-byte header's fields, the fst's CRC-32, the fst itself. */
export async function inspectIndexObject(path: string, size: bigint): Promise<OtherInspection> {
  const log = new ProblemLog();
  const bytes = await readWhole(path, size);
  const h = decodeIndexObjectHeader(bytes);
  if (!h) {
    log.add(
      'TRUNCATED_SEGMENT',
      `the file is ${size} bytes, shorter than the ${INDEX_OBJECT_HEADER_SIZE}-byte index header`,
    );
    return { header: null, expectedSize: BigInt(INDEX_OBJECT_HEADER_SIZE), checksum: emptyChecksum(), problems: log };
  }
  if (h.magic !== LIBSQL_MAGIC) log.add('BAD_MAGIC', `the magic is 0x${h.magic.toString(16)}, not LIBSQL_MAGIC`);
  if (h.version !== 1) log.add('BAD_VERSION', `index version ${h.version}; libsql-wal writes 1`);
  const fst = bytes.subarray(INDEX_OBJECT_HEADER_SIZE);
  if (BigInt(fst.length) !== h.length)
    log.add('TRUNCATED_SEGMENT', `the header says the index is ${h.length} bytes but ${fst.length} follow it`);
  const computed = crc32(fst);
  if (computed !== h.checksum)
    log.add('INDEX_CHECKSUM', `the index's CRC-32 is ${hex32(computed)} but the header stores ${hex32(h.checksum)}`);
  const { entries } = fstFields(log, fst);
  return {
    header: {
      ...range(),
      magic: `0x${h.magic.toString(16)}`,
      version: h.version,
      length: h.length,
      storedChecksum: h.checksum,
      pages: entries,
    },
    expectedSize: BigInt(INDEX_OBJECT_HEADER_SIZE) + h.length,
    checksum: { stored: h.checksum, computed, ok: computed === h.checksum },
    problems: log,
  };
}

/** The wal-toolkit's raw `.idx`: an fst with nothing around it. */
export async function inspectFstIndex(path: string, size: bigint): Promise<OtherInspection> {
  const log = new ProblemLog();
  const bytes = await readWhole(path, size);
  const { entries } = fstFields(log, bytes);
  const view = viewOf(bytes);
  return {
    header: { ...range(), fstVersion: view.getBigUint64(0, true), pages: entries },
    expectedSize: size,
    checksum: { stored: null, computed: null, ok: !log.has('INDEX_CHECKSUM') },
    problems: log,
  };
}

/**
 * A sqld database file: its pages and, after them, libsql-wal's big-endian footer (docs/formats/libsql-wal.md).
 * `footer` false: SQLite's own database file (sqld's default mode), where no footer is ever written,
 * so its absence says nothing and a footer-sized tail is pages cut short.
 */
export function inspectDatabase(probe: FileProbe, footer = true): OtherInspection {
  const log = new ProblemLog();
  const found = footer ? readFooter(probe, log) : null;
  const pagesBytes = probe.size - (found ? BigInt(DB_FOOTER_SIZE) : 0n);
  if (pagesBytes % BigInt(PAGE_SIZE) !== 0n)
    log.add('TRUNCATED_SEGMENT', `${pagesBytes} bytes of pages is not a whole number of ${PAGE_SIZE}-byte pages`);
  const header: HeaderFields = {
    ...range(),
    endFrameNo: found?.replicationIndex ?? 0n,
    pages: pagesBytes / BigInt(PAGE_SIZE),
    replicationIndex: found?.replicationIndex ?? null,
    logId: found?.logId ?? null,
    footerMagic: found ? `0x${found.magic.toString(16)}` : null,
    footerVersion: found?.version ?? null,
  };
  return { header, expectedSize: null, checksum: emptyChecksum(), problems: log };
}

/** libsql-wal's footer after the pages, when the size leaves room for one; its absence is a warning there. */
function readFooter(probe: FileProbe, log: ProblemLog): DbFooter | null {
  const footer = hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE ? decodeDbFooter(probe.tail) : null;
  if (footer && !isValidDbFooter(footer))
    log.add(
      'BAD_MAGIC',
      `the footer's magic or version is wrong (0x${footer.magic.toString(16)}, version ${footer.version})`,
    );
  if (!footer)
    log.warn('NOT_A_SEGMENT', 'a plain SQLite database: no libsql-wal footer, so no checkpointed frame is recorded');
  return footer;
}

/** A replica's client_wal_index: the primary's log id and the last frame it applied. */
export function inspectClientWalIndex(probe: FileProbe): OtherInspection {
  const log = new ProblemLog();
  const index = decodeClientWalIndex(probe.head.subarray(0, CLIENT_WAL_INDEX_SIZE));
  if (!index)
    log.add('TRUNCATED_SEGMENT', `the file is ${probe.size} bytes; a client_wal_index is ${CLIENT_WAL_INDEX_SIZE}`);
  const header: HeaderFields = {
    ...range(),
    endFrameNo: index?.committedFrameNo ?? 0n,
    logId: index?.logId ?? null,
    committedFrameNo: index?.committedFrameNo ?? null,
  };
  return { header, expectedSize: BigInt(CLIENT_WAL_INDEX_SIZE), checksum: emptyChecksum(), problems: log };
}
