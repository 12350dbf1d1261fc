import { basename } from 'node:path';
import { SegscopeError, fsError } from '../errors.js';
import type { FileProbe } from '../format/detect.js';
import { type SegmentKey, tryParseSegmentKey } from '../format/segment-key.js';
import { isSegmentFormat } from '../format/segment-scan.js';
import { V0_HEADER_SIZE } from '../format/segment-v0.js';
import { quickLook } from '../format/quick-status.js';
import { probeFile } from '../storage/local-file.js';

function headerMismatch(
  file: string,
  key: { startFrameNo: bigint; endFrameNo: bigint },
  header: { startFrameNo: bigint | null; endFrameNo: bigint | null },
): SegscopeError {
  return new SegscopeError(
    'HEADER_MISMATCH',
    `${file} is named for frames ${key.startFrameNo}..${key.endFrameNo} but its header says ` +
      `${header.startFrameNo ?? '?'}..${header.endFrameNo ?? '?'}`,
  );
}

/**
 * The key a file is stored under in the seed's layout: its header's range, and its own name's
 * time when that is a key (else the format's own time, else now). Anything that is not a
 * segment of a known format is refused before a byte is written.
 */
export function keyForStore(sourceName: string, probe: FileProbe, now: () => bigint): SegmentKey {
  const look = quickLook(probe);
  if (!isSegmentFormat(look.format) || look.startFrameNo === null || look.endFrameNo === null) {
    const what =
      probe.size === 0n
        ? 'an empty file'
        : look.format === 'unknown'
          ? 'not in any format libsql-wal wrote'
          : `a ${look.format} file`;
    throw new SegscopeError('NOT_A_SEGMENT', `${sourceName} is ${what}, not a segment: nothing was stored`);
  }
  if (look.status === 'unsealed') {
    throw new SegscopeError(
      'UNSEALED_SEGMENT',
      `${sourceName} is an unsealed segment (a current segment its writer may still append to, with no ` +
        `sealed time or index): nothing was stored; the seed stores sealed segments only`,
    );
  }
  if (look.startFrameNo > look.endFrameNo) {
    throw new SegscopeError(
      'NOT_A_SEGMENT',
      `${sourceName} does not look like a libsql-wal segment (its header says start frame ${look.startFrameNo} ` +
        `after end frame ${look.endFrameNo}); nothing was stored`,
    );
  }
  const fromName = tryParseSegmentKey(basename(sourceName));
  if (!(fromName instanceof SegscopeError)) {
    if (fromName.startFrameNo !== look.startFrameNo || fromName.endFrameNo !== look.endFrameNo)
      throw headerMismatch(sourceName, fromName, look);
    return fromName;
  }
  const createdAt = look.timeMs !== null && look.timeMs > 0n ? look.timeMs / 1000n : now();
  return { startFrameNo: look.startFrameNo, endFrameNo: look.endFrameNo, createdAt };
}

/** libsql-wal only asserts this in debug builds; here a disagreement is an error (its TODO). */
export async function checkHeaderAgainstName(
  path: string,
  key: Pick<SegmentKey, 'startFrameNo' | 'endFrameNo'>,
  name = basename(path),
): Promise<void> {
  let probe: FileProbe;
  try {
    probe = await probeFile(path, 'the segment');
  } catch (error) {
    throw fsError(error, 'the segment', path);
  }
  if (probe.size < BigInt(V0_HEADER_SIZE)) {
    throw new SegscopeError('TRUNCATED_SEGMENT', `${name} is ${probe.size} bytes, shorter than a segment header`);
  }
  const look = quickLook(probe, key);
  if (look.status === 'header_mismatch' || look.startFrameNo === null) throw headerMismatch(name, key, look);
}
