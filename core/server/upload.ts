import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MAX_SEGMENT_BYTES } from '../backend/remote-fetch.js';
import { SegscopeError } from '../errors.js';
import { HttpRefusal } from './http-refusal.js';

/** A drop larger than any segment is refused before a byte is read. */
const MAX_UPLOAD_BYTES = Number(MAX_SEGMENT_BYTES);

/** A dropped file's name: never a path, so it cannot name anything outside where it lands. */
export function uploadName(raw: string | null): string {
  if (raw === null || raw === '' || raw.length > 255 || raw === '.' || raw === '..' || /[/\\\0]/.test(raw)) {
    throw new SegscopeError('INVALID_ARGUMENT', 'a dropped file needs a plain file name');
  }
  return raw;
}

/**
 * A dropped file streamed straight from the request body to a private temporary folder: its
 * length comes from Content-Length and is checked before reading, and a body that runs past it
 * or ends short is refused. The caller stores from the file and then calls `discard`.
 */
export async function receiveUpload(
  req: IncomingMessage,
  name: string,
): Promise<{ path: string; discard: () => Promise<void> }> {
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared < 0)
    throw new HttpRefusal(400, 'an upload must say its length (Content-Length)');
  if (declared > MAX_UPLOAD_BYTES)
    throw new HttpRefusal(413, `the file is ${declared} bytes, more than the ${MAX_UPLOAD_BYTES} a segment can be`);
  const dir = await mkdtemp(join(tmpdir(), 'segscope-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, name);
  let received = 0;
  try {
    await pipeline(
      req,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > declared)
            throw new SegscopeError('INVALID_ARGUMENT', 'the upload ran past its Content-Length');
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx' }),
    );
    if (received !== declared)
      throw new SegscopeError('INVALID_ARGUMENT', `the upload ended after ${received} of its ${declared} bytes`);
    return { path, discard };
  } catch (error) {
    await discard();
    throw error instanceof SegscopeError
      ? error
      : new SegscopeError(
          'INVALID_ARGUMENT',
          `the upload was cut: ${error instanceof Error ? error.message : String(error)}`,
        );
  }
}
