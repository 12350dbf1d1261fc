import type { FileHandle } from 'node:fs/promises';
import { probeBytes } from '../format/detect.js';
import type { SegmentKey } from '../format/segment-key.js';
import { probeFile, readChunks } from '../storage/local-file.js';
import { writeFully } from '../storage/write-fully.js';
import { scanFile } from '../storage/scan-file.js';
import { SegscopeError } from '../errors.js';
import { V0_HEADER_SIZE } from '../format/segment-v0.js';
import { keyForStore } from './store-checks.js';

// What storing reads of the segment it is given, before the store places it: its key, from its
// header; its bytes, in the temporary file; the check that it decodes in full. FsBackend.store
// loads this module, and with it the format readers and scanners these need, so a command that
// opens a seed folder to read from it parses none of them.

export interface StoreInput {
  /** The file to store; its bytes are copied, never moved. */
  path?: string;
  /** Or the bytes themselves (a file dropped in the browser). */
  bytes?: Uint8Array;
  /** The source's file name: a valid key there keeps its creation time. */
  name: string;
}

/** The key the segment is stored under (store-checks.ts), from the bytes given or the file's first and last bytes. */
export async function keyOfInput(input: StoreInput, now: () => bigint): Promise<SegmentKey> {
  const probe = input.bytes ? probeBytes(input.bytes) : await probeFile(input.path ?? '', 'the file to store');
  return keyForStore(input.name, probe, now);
}

/** The input's bytes written into the temporary file `handle`, to be published at `target`. */
export async function copyInput(handle: FileHandle, input: StoreInput, target: string): Promise<void> {
  if (input.bytes) await handle.writeFile(input.bytes);
  else
    await readChunks(input.path ?? '', (chunk) =>
      writeFully(handle, [chunk], null, 'the segment being stored', target),
    );
}

/**
 * Reads the copy about to be published in full. It must be a segment of a known format with no
 * error; the seed's reference test stores a 40-byte v0 header alone, which stays accepted locally
 * but is never uploaded, since libsql-wal could not read it back.
 */
export async function checkStorable(tempPath: string, sourceName: string): Promise<{ uploadable: boolean }> {
  const { format, probe, scan } = await scanFile(tempPath);
  if (!scan) throw new SegscopeError('NOT_A_SEGMENT', `${sourceName} is not a segment (${format}); nothing was stored`);
  const errors = scan.problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return { uploadable: true };
  if (
    format === 'compacted-v0' &&
    probe.size === BigInt(V0_HEADER_SIZE) &&
    errors.every((p) => p.code === 'TRUNCATED_SEGMENT')
  ) {
    return { uploadable: false };
  }
  const first = errors[0];
  throw new SegscopeError(
    first?.code ?? 'NOT_A_SEGMENT',
    `${sourceName} is a damaged ${format} segment, so nothing was stored: ${first?.message ?? 'it did not verify'}`,
  );
}
