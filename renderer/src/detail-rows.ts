import { type FileFormat, type HeaderValue, storedChecksumName } from '../../core/model/file-format.js';
import type { InspectResult } from '../../core/model/results.js';
import { WAL_INDEXES } from '../../core/model/wal-indexes.js';
import { frameText, segmentFrameText } from './format.js';

const FORMATS: Record<FileFormat, string> = {
  'compacted-v0': 'compacted segment v0 (the seed fs backend)',
  'compacted-alpha1': 'compacted segment, 0.1.0-alpha.1 (bucket)',
  'compacted-v1': 'compacted segment v1 (bucket, wal-toolkit)',
  sealed: 'segment file .seg (sqld data-wal)',
  'sealed-draft': 'July 2024 draft segment (never released)',
  'index-object': 'bucket index object',
  'fst-index': 'wal-toolkit index (.idx)',
  database: 'sqld database file',
  'sqlite-wal': "SQLite's WAL file (sqld data-wal, default mode)",
  wallog: "sqld's replication log (wallog)",
  'sqld-snapshot': "sqld's log snapshot (.snap)",
  'client-wal-index': "a replica's client_wal_index",
  'bottomless-batch': 'bottomless batch of WAL frames (sqld backup)',
  'bottomless-snapshot': "bottomless snapshot: the generation's database (sqld backup)",
  'bottomless-meta': "bottomless .meta: page size and the frames' checksum seed",
  'bottomless-dep': 'bottomless .dep: the generation this one continues',
  'bottomless-changecounter': "bottomless .changecounter: the snapshot's change counter",
  unknown: 'not a file libsql-wal wrote',
};

/** Formats that keep no checksum at all: for them a missing one is no sign of a cut file. */
const NO_CHECKSUM: ReadonlySet<FileFormat> = new Set([
  'sealed-draft',
  'database',
  'client-wal-index',
  'bottomless-snapshot',
  'bottomless-meta',
  'bottomless-dep',
  'bottomless-changecounter',
  'unknown',
]);

/** Header fields already shown in the fixed rows above the format's own. */
const SHOWN = new Set(['frameCount', 'segmentId', 'startFrameNo', 'endFrameNo']);

/**
 * A format's fields that repeat a fixed row (a sealed segment's id is its log's, its end frame its
 * last committed one): left out when the two agree, shown when they do not, since that is news.
 */
const REPEATS: Record<string, 'segmentId' | 'endFrameNo'> = { logId: 'segmentId', lastCommittedFrameNo: 'endFrameNo' };

/**
 * Whether a header's `field` says again what another of its fields says: an id or a frame equal to
 * the one it repeats, or a time's milliseconds beside the date read from them (that row shows both).
 * `valueOf` reads a field of the same header.
 */
export function repeatsAnother(field: string, valueOf: (name: string) => HeaderValue | undefined): boolean {
  const repeated = REPEATS[field];
  if (repeated !== undefined && valueOf(repeated) === valueOf(field)) return true;
  return field.endsWith('Ms') && typeof valueOf(field.slice(0, -2)) === 'string';
}

/** One row of the Header table; `differs` marks a value that contradicts another (a problem). */
export interface DetailRow {
  field: string;
  value: string;
  differs?: boolean;
}

function fieldValue(value: HeaderValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function checksumText(d: InspectResult, unsealed: boolean): string {
  const { ok, stored, brokenAtFrame } = d.checksum;
  if (ok === null) {
    if (unsealed) return 'none yet (a segment gets its checksum when sealed)';
    if (NO_CHECKSUM.has(d.format)) return 'none: this format keeps no checksum';
    // A log's checksums chain over its committed frames; uncommitted ones (a warning) are not checked.
    if (d.format === 'wallog' && !d.problems.some((p) => p.severity === 'error'))
      return 'none yet: no committed frame to check';
    return 'not checked (the file is incomplete)';
  }
  if (!ok) {
    const where = brokenAtFrame === undefined || brokenAtFrame === null ? '' : ` at frame ${brokenAtFrame}`;
    return `MISMATCH${where}: damaged or altered`;
  }
  if (stored !== null) return `ok (${storedChecksumName(d.format)} ${stored.toString(16).padStart(8, '0')})`;
  // A snapshot keeps each page's newest frame only: a frame whose predecessor it dropped cannot be checked.
  const { chained } = d.checksum;
  if (chained)
    return (
      `ok for ${chained.frames} of ${chained.of} frames: each continues the chain from the frame before it; ` +
      "the others' predecessors were compacted away, so they cannot be checked"
    );
  // A chained format keeps no one checksum of the file: each frame's checksum continues the last.
  return brokenAtFrame === undefined ? 'ok' : "ok: every frame's checksum continues the chain";
}

/** A log with no committed frame yet ends before it starts (sqld's wallog after a compaction): said in words. */
function endFrameText(format: FileFormat, start: bigint, end: bigint): string {
  const next = segmentFrameText(format, start);
  return end < start ? `none: no frame committed yet (the next is ${next})` : segmentFrameText(format, end);
}

/** The first frame, and for a SQLite WAL file what its numbers are, in `list`'s words. */
function startFrameText(format: FileFormat, start: bigint): string {
  return `${segmentFrameText(format, start)}${format === 'sqlite-wal' ? ` (${WAL_INDEXES})` : ''}`;
}

/**
 * The file's size, and what its header implies only where the two disagree: marked as a problem
 * when the file has one, plain when a warning explains it (a wallog's uncommitted frames).
 */
function sizeRow(d: InspectResult): DetailRow {
  const actual = `${d.actualSize.toLocaleString('en-US')} bytes`;
  // A compressed object's size follows from nothing in it: no expectation to compare with.
  if (d.expectedSize === null || d.expectedSize === d.actualSize) return { field: 'Size', value: actual };
  const off = d.actualSize - d.expectedSize;
  const by = (off < 0n ? -off : off).toLocaleString('en-US');
  const expected = d.expectedSize.toLocaleString('en-US');
  const what = off < 0n ? `${by} bytes missing` : `${by} bytes too many`;
  const differs = d.problems.some((p) => p.severity === 'error');
  return { field: 'Size', value: `${actual}, but its header implies ${expected}: ${what}`, differs };
}

/**
 * The Header table's rows: the fixed ones (Format, Frame count, Start frame, End frame, Checksum,
 * File name agrees, Segment ID, Size), then the format's own fields, each said once. A field that
 * repeats a fixed row is left out while they agree, and a time kept twice (`sealedAt` and
 * `sealedAtMs`) is one row with both forms.
 */
export function detailRows(detail: InspectResult, unsealed: boolean): DetailRow[] {
  const h = detail.header;
  const rows: DetailRow[] = [
    { field: 'Format', value: `${FORMATS[detail.format]}${unsealed ? ', not yet sealed' : ''}` },
    { field: 'Frame count', value: h ? frameText(h.frameCount) : '—' },
    { field: 'Start frame', value: h ? startFrameText(detail.format, h.startFrameNo) : '—' },
    { field: 'End frame', value: h ? endFrameText(detail.format, h.startFrameNo, h.endFrameNo) : '—' },
    { field: 'Checksum', value: checksumText(detail, unsealed), differs: detail.checksum.ok === false },
    {
      field: 'File name agrees',
      value:
        detail.nameAgrees === null
          ? 'name is not a segment key'
          : detail.nameAgrees
            ? 'yes'
            : 'no: the name and the header disagree',
      differs: detail.nameAgrees === false,
    },
    { field: 'Segment ID', value: h?.segmentId ?? '—' },
    sizeRow(detail),
  ];
  if (!h) return rows;
  for (const [field, value] of Object.entries(h)) {
    if (SHOWN.has(field) || repeatsAnother(field, (name) => h[name])) continue;
    const ms = h[`${field}Ms`];
    const both = typeof value === 'string' && (typeof ms === 'bigint' || typeof ms === 'number');
    rows.push({ field, value: both ? `${value} (${String(ms)} ms)` : fieldValue(value) });
  }
  return rows;
}
