import type { UnrecognizedFile } from '../model/results.js';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { tryParseSegmentKey } from '../format/segment-key.js';
import { isTempName } from '../storage/atomic-write.js';
import type { IndexedSegment } from './segment-index.js';
import { readEntries } from '../fs-names.js';

export interface SegmentDirListing {
  segments: IndexedSegment[];
  unrecognized: UnrecognizedFile[];
}

/**
 * What a name in a seed segments folder is: a segment's key, or (with its reason) a temporary file
 * of an interrupted write or a name that is no key. The fs backend's index and the seed layout's
 * listing both ask this.
 */
export function classifySegmentName(name: string): IndexedSegment | UnrecognizedFile {
  if (isTempName(name))
    return { file: name, code: 'INVALID_SEGMENT_NAME', message: 'a temporary file left by an interrupted write' };
  const key = tryParseSegmentKey(name);
  return key instanceof SegscopeError ? { file: name, code: key.code, message: key.message } : { name, ...key };
}

/**
 * One directory read, names parsed, nothing opened: what the backend's cached index is built
 * from. Entries that are not segments are reported, never fatal. A missing segments folder is
 * an empty namespace; a prefix that is not there at all is an error the operator must see.
 */
export async function readSegmentDir(dir: string): Promise<SegmentDirListing> {
  let entries;
  try {
    entries = await readEntries(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { segments: [], unrecognized: [] };
    throw fsError(error, 'the segments directory', dir);
  }
  const segments: IndexedSegment[] = [];
  const unrecognized: UnrecognizedFile[] = [];
  for (const entry of entries) {
    const named = classifySegmentName(entry.name);
    // A temporary file is reported as one whatever it is; anything else that is no file, as that.
    if (!entry.isFile() && !isTempName(entry.name))
      unrecognized.push({ file: entry.name, code: 'NOT_A_SEGMENT', message: `"${entry.name}" is not a regular file` });
    else if ('code' in named) unrecognized.push(named);
    else segments.push(named);
  }
  return { segments, unrecognized };
}
