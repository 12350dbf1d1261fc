import { wholeNumber } from '../../model/point-text.js';
import { resolve } from 'node:path';
import type { InspectResult } from '../../model/results.js';
import { hasErrors } from '../../format/problem.js';
import { isSegmentFormat } from '../../format/segment-scan.js';
import { hex32 } from '../../format/hex32.js';
import type { ChecksumStatus, FrameInfo } from '../../model/file-format.js';
import { type Command, type OptionValues, stringOption, usageError } from '../command.js';
import { remoteSettingsFrom } from '../remote-options.js';
import { hexDump } from '../../inspect/hex-dump.js';
import { type PageView, readPageView } from '../../inspect/page-view.js';
import { inspectFile } from '../../inspect/inspect-file.js';
import { openObjectStore } from '../../layouts/open-remote.js';
import { printable, problemText } from '../printable.js';
import { SegscopeError, errnoCode } from '../../errors.js';

function checksumText(c: ChecksumStatus): string {
  // A snapshot's frames whose predecessor it dropped cannot be checked: say how many could.
  const unproven = c.chained ? c.chained.of - c.chained.frames : 0;
  const chained = c.chained
    ? ` (${c.chained.frames} of ${c.chained.of} frames continue the chain from the frame before them` +
      `${unproven > 0 ? `; the other ${unproven} no checksum covers, their predecessor was dropped` : ''})`
    : '';
  if (c.ok === null) return `not checked${chained}`;
  if (c.ok) return `${unproven > 0 ? 'ok where checked' : 'ok'}${chained}`;
  if (c.brokenAtFrame !== undefined && c.brokenAtFrame !== null) return `BROKEN at frame ${c.brokenAtFrame}${chained}`;
  // Only the values known: a header that fails its own checks leaves the computed one unset.
  const known = [c.stored !== null && `stored ${c.stored}`, c.computed !== null && `computed ${c.computed}`];
  const values = known.filter((v) => v !== false);
  return `MISMATCH${values.length > 0 ? ` (${values.join(', ')})` : ''}`;
}

function frameLine(f: FrameInfo): string {
  const line = `frame ${f.index}: page ${f.pageNo}, frame ${f.frameNo}, size after ${f.sizeAfter}`;
  if (!f.salts || !f.checksum) return line;
  const chain = f.checksumOk === null ? 'seed unknown' : f.checksumOk ? 'chain ok' : 'chain BROKEN';
  return (
    `${line}, salts ${hex32(f.salts[0])} ${hex32(f.salts[1])}, ` +
    `checksum ${hex32(f.checksum[0])} ${hex32(f.checksum[1])} (${chain})`
  );
}

/** The frame range every header carries for listings: 0 in the JSON of a file that holds no frames. */
const FRAME_RANGE = new Set(['frameCount', 'startFrameNo', 'endFrameNo']);

/**
 * The size a file's header implies, where it implies the file's (nothing where it implies none): not
 * where uncommitted frames follow the committed ones the header counts (a wallog's), since those
 * bytes are the frames its TRAILING_DATA warning names, not missing or extra ones.
 */
function expectedText(r: InspectResult): string {
  const uncommitted = Number(r.header?.uncommittedFrames ?? 0);
  if (r.expectedSize === null || (uncommitted > 0 && r.actualSize > r.expectedSize)) return '';
  return ` (expected ${r.expectedSize})`;
}

/**
 * The text shows what the file is and has. A file that holds no frames (a database file, an index, a
 * client_wal_index, a bottomless snapshot, .meta, .dep or .changecounter) has no frame range; one that
 * could and has none committed (an empty wallog or WAL file) says so. A checksum line is there where
 * one was checked or committed frames are; an expected size where the bytes imply the file's; a
 * segment id where the file has one; the name line where the name is a segment key to compare. The
 * JSON keeps every field (0, null, 'not checked'), as other tools read it.
 */
function render(r: InspectResult): string {
  const lines = [printable(r.file), `format: ${r.format}`];
  const frames = isSegmentFormat(r.format) || r.format === 'bottomless-batch';
  const committed = frames && (r.header?.frameCount ?? 0n) > 0n;
  for (const [field, value] of Object.entries(r.header ?? {})) {
    if ((field === 'segmentId' && value === null) || (!frames && FRAME_RANGE.has(field))) continue;
    lines.push(`${field}: ${field === 'endFrameNo' && !committed ? 'none (no frame is committed)' : String(value)}`);
  }
  lines.push(`size: ${r.actualSize} bytes${expectedText(r)}`);
  if (r.nameAgrees !== null) lines.push(`file name agrees with header: ${r.nameAgrees ? 'yes' : 'NO'}`);
  if (committed || r.checksum.ok !== null) lines.push(`checksum: ${checksumText(r.checksum)}`);
  for (const note of r.notes ?? []) lines.push(`note: ${printable(note)}`);
  for (const p of r.problems) lines.push(`${p.severity} ${problemText(p)}`);
  if (r.problems.length === 0) lines.push('no problems found');
  for (const f of r.frames ?? []) lines.push(frameLine(f));
  return lines.join('\n');
}

function renderPage(view: PageView): string {
  const lines = [
    view.frameNo === null
      ? `page ${view.pageNo} of the database file`
      : `page ${view.pageNo}, frame ${view.frameNo} (frame ${view.frameIndex} of the segment)`,
  ];
  for (const [field, value] of Object.entries(view.database ?? {})) lines.push(`database ${field}: ${value}`);
  if (view.btree) for (const [field, value] of Object.entries(view.btree)) lines.push(`${field}: ${value ?? '-'}`);
  else lines.push('not a b-tree page (overflow, freelist or pointer-map page)');
  lines.push(hexDump(view.hex));
  return lines.join('\n');
}

/** A bottomless object read by key from the bucket --remote names, no layout read. */
async function inspectRemoteKey(
  key: string,
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  frames: boolean,
): Promise<InspectResult> {
  const settings = remoteSettingsFrom(values, env);
  if (settings.kind === 'none') throw usageError('--remote is empty');
  // A bucket's objects are read by their own formats' code, loaded for --remote only.
  const { inspectBucketObject } = await import('../../inspect/inspect-bottomless.js');
  const { store } = await openObjectStore(settings);
  try {
    return await inspectBucketObject(store, key, { frames });
  } finally {
    await store.close();
  }
}

/** A folder given where inspect reads one file: said as the usage error it is, with the commands that read folders. */
function folderGiven(error: unknown, path: string): unknown {
  if (!(error instanceof SegscopeError) || errnoCode(error.cause) !== 'EISDIR') return error;
  return new SegscopeError(
    'INVALID_ARGUMENT',
    `${path} is a folder, and inspect reads one file: give a file in it, or read the folder with ` +
      '`segscope list` or `segscope verify`',
    { cause: error },
  );
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const pageText = stringOption(values, 'page');
    if (values.remote !== undefined) {
      if (pageText !== undefined) throw usageError('--page reads a local file: give its path without --remote');
      const result = await inspectRemoteKey(positionals[0] ?? '', values, io.env, values.frames === true);
      return { json: result, text: render(result), exitCode: hasErrors(result.problems) ? 1 : 0 };
    }
    const path = resolve(positionals[0] ?? '');
    if (pageText !== undefined) {
      const pageNo = Number(wholeNumber(pageText, '--page'));
      if (pageNo < 1 || pageNo > 0xffffffff) throw usageError('--page must be a page number from 1 to 4294967295');
      const view = await readPageView(path, pageNo).catch((error: unknown) => {
        throw folderGiven(error, path);
      });
      return { json: view, text: renderPage(view), exitCode: 0 };
    }
    const result = await inspectFile(path, { frames: values.frames === true }).catch((error: unknown) => {
      throw folderGiven(error, path);
    });
    return { json: result, text: render(result), exitCode: hasErrors(result.problems) ? 1 : 0 };
  },
};
