import { basename } from 'node:path';
import type { HeaderFields, InspectResult } from '../api/types.js';
import { SegscopeError } from '../errors.js';
import { detectFormat } from '../format/detect.js';
import { tryParseSegmentKey } from '../format/segment-key.js';
import { V0Verifier } from '../format/segment-v0-verifier.js';
import { type FormatInspection, inspectSealed, inspectV1 } from './inspect-other-formats.js';
import { readHead } from './quick-status.js';
import { fileSize, readChunks } from './read-chunks.js';

async function inspectV0(path: string, size: bigint, collectFrames: boolean): Promise<FormatInspection> {
  const verifier = new V0Verifier(size, { collectFrames });
  await readChunks(path, (chunk) => verifier.push(chunk));
  const result = verifier.finish();
  const header: HeaderFields | null = result.header ? { ...result.header } : null;
  return {
    header,
    expectedSize: result.expectedSize,
    checksum: result.checksum,
    problems: result.problems,
    frames: result.frames ?? [],
  };
}

/**
 * Everything one file says about itself (DESIGN.md `inspect`): format by content, header, size
 * against what the header implies, checksum, and whether its name agrees with its header.
 * Streams the file, so a segment of any size costs a few MiB of memory.
 */
export async function inspectFile(path: string, options: { frames?: boolean } = {}): Promise<InspectResult> {
  const size = await fileSize(path);
  const head = await readHead(path).catch((error: unknown) => {
    throw new SegscopeError('IO_ERROR', `cannot read ${path}`, { cause: error });
  });
  const format = detectFormat(head, size);
  const collect = options.frames ?? false;
  const found: FormatInspection =
    format === 'sealed'
      ? await inspectSealed(path, size, collect)
      : format === 'compacted-v1'
        ? await inspectV1(path, size, collect)
        : format === 'compacted-v0'
          ? await inspectV0(path, size, collect)
          : {
              header: null,
              expectedSize: null,
              checksum: { stored: null, computed: null, ok: null },
              problems: [{ code: 'NOT_A_SEGMENT', message: 'the file is empty' }],
              frames: [],
            };
  const file = basename(path);
  const key = tryParseSegmentKey(file);
  let nameAgrees: boolean | null = null;
  const problems = [...found.problems];
  if (!(key instanceof SegscopeError) && found.header) {
    nameAgrees = key.startFrameNo === found.header.startFrameNo && key.endFrameNo === found.header.endFrameNo;
    if (!nameAgrees) {
      problems.unshift({
        code: 'HEADER_MISMATCH',
        message:
          `the file name says frames ${key.startFrameNo}..${key.endFrameNo} but the header says ` +
          `${found.header.startFrameNo}..${found.header.endFrameNo}`,
      });
    }
  }
  const result: InspectResult = {
    file: path,
    format,
    header: found.header,
    expectedSize: found.expectedSize,
    actualSize: size,
    nameAgrees,
    checksum: found.checksum,
    problems,
  };
  if (collect) result.frames = found.frames;
  return result;
}
