import { readdir } from 'node:fs/promises';
import type { UnrecognizedFile } from '../api/types.js';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { tryParseSegmentKey } from '../format/segment-key.js';
import { isTempName } from './atomic-write.js';
import type { IndexedSegment } from './segment-index.js';

export interface SegmentDirListing {
  segments: IndexedSegment[];
  unrecognized: UnrecognizedFile[];
}

/**
 * One directory read, names parsed, nothing opened: what the backend's cached index is built
 * from. Entries that are not segments are reported, never fatal. A missing segments folder is
 * an empty namespace; a prefix that is not there at all is an error the operator must see.
 */
export async function readSegmentDir(dir: string): Promise<SegmentDirListing> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { segments: [], unrecognized: [] };
    throw fsError(error, 'the segments directory', dir);
  }
  const segments: IndexedSegment[] = [];
  const unrecognized: UnrecognizedFile[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (isTempName(name)) {
      unrecognized.push({ file: name, code: 'INVALID_SEGMENT_NAME', message: 'a temporary file left by an interrupted write' });
      continue;
    }
    if (!entry.isFile()) {
      unrecognized.push({ file: name, code: 'NOT_A_SEGMENT', message: `"${name}" is not a regular file` });
      continue;
    }
    const key = tryParseSegmentKey(name);
    if (key instanceof SegscopeError) unrecognized.push({ file: name, code: key.code, message: key.message });
    else segments.push({ name, ...key });
  }
  return { segments, unrecognized };
}
