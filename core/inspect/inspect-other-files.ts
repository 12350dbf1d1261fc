import { CLIENT_WAL_INDEX_SIZE, decodeClientWalIndex } from '../format/client-wal-index.js';
import { type DbFooter, decodeDbFooter, DB_FOOTER_SIZE, hasFooterSize, isValidDbFooter } from '../format/db-footer.js';
import type { FileProbe } from '../format/detect.js';
import { PAGE_SIZE } from '../format/frame.js';
import { viewOf } from '../format/byte-fields.js';
import { FstMap } from '../format/fst.js';
import { INDEX_OBJECT_HEADER_SIZE, MAX_INDEX_OBJECT, readIndexObject } from '../format/index-object.js';
import { ProblemLog } from '../format/problem.js';
import { emptyChecksum } from '../format/segment-scan.js';
import { sqldDataProblems } from '../format/sqlite-database-header.js';
import { type ChecksumStatus, type HeaderFields } from '../model/file-format.js';
import type { DatabaseFileKind } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import { openRegularFile } from '../storage/local-file.js';
import { decodeDatabaseHeader } from './sqlite-page.js';

export interface OtherInspection {
  header: HeaderFields | null;
  expectedSize: bigint | null;
  checksum: ChecksumStatus;
  problems: ProblemLog;
  notes?: string[];
}

async function readWhole(path: string, size: bigint): Promise<Uint8Array> {
  if (size > BigInt(MAX_INDEX_OBJECT))
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
  const read = readIndexObject(await readWhole(path, size), log);
  if (!read)
    return { header: null, expectedSize: BigInt(INDEX_OBJECT_HEADER_SIZE), checksum: emptyChecksum(), problems: log };
  const { header: h, fst, computed } = read;
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

/** What `inspect` of a database file alone says when it finds no footer: which file it read it as. */
const NO_FOOTER_NOTE =
  "no libsql-wal footer: read as SQLite's own database file, which is what sqld's default mode keeps as " +
  "`data` (libsql-wal's `data` ends with a footer naming the frame it is checkpointed through)";

/**
 * A sqld database file: its pages and, after them, libsql-wal's big-endian footer (docs/formats/libsql-wal.md).
 * Without a footer it is SQLite's own database file, shown by its header's fields. `kind`, where the
 * caller knows the namespace: the default mode's is SQLite's own file, where no footer is ever written,
 * so none is looked for and a footer-sized tail is pages cut short; libsql-wal's lacking its footer is
 * a warning. Either's header is held to what sqld writes (sqldDataProblems). A file alone (no `kind`)
 * is read as its bytes say, with a note where there is no footer.
 */
export function inspectDatabase(probe: FileProbe, kind?: DatabaseFileKind): OtherInspection {
  const log = new ProblemLog();
  const found = kind === 'default-mode' ? null : readFooter(probe, log, kind === 'libsql-wal');
  const pagesBytes = probe.size - (found ? BigInt(DB_FOOTER_SIZE) : 0n);
  if (kind) for (const p of sqldDataProblems(probe.head, pagesBytes, kind)) log.add(p.code, p.message, p.severity);
  if (pagesBytes % BigInt(PAGE_SIZE) !== 0n)
    log.add('TRUNCATED_SEGMENT', `${pagesBytes} bytes of pages is not a whole number of ${PAGE_SIZE}-byte pages`);
  const pages = pagesBytes / BigInt(PAGE_SIZE);
  const inspection = { expectedSize: null, checksum: emptyChecksum(), problems: log };
  if (!found) {
    const header: HeaderFields = { ...range(), pages, ...decodeDatabaseHeader(probe.head) };
    return { ...inspection, header, notes: kind === undefined ? [NO_FOOTER_NOTE] : [] };
  }
  const header: HeaderFields = {
    ...range(),
    endFrameNo: found.replicationIndex,
    pages,
    replicationIndex: found.replicationIndex,
    logId: found.logId,
    footerMagic: `0x${found.magic.toString(16)}`,
    footerVersion: found.version,
  };
  return { ...inspection, header };
}

/** libsql-wal's footer after the pages, when the size leaves room for one; `expected`: its absence is a warning. */
function readFooter(probe: FileProbe, log: ProblemLog, expected: boolean): DbFooter | null {
  const footer = hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE ? decodeDbFooter(probe.tail) : null;
  if (footer && !isValidDbFooter(footer))
    log.add(
      'BAD_MAGIC',
      `the footer's magic or version is wrong (0x${footer.magic.toString(16)}, version ${footer.version})`,
    );
  if (!footer && expected)
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
