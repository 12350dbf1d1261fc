import type { Readable } from 'node:stream';
import { SegscopeError } from '../errors.js';

export interface BodyLimits {
  /** What the listing said the object holds; more than this is refused as it arrives. */
  listedBytes: bigint | null;
  /** The largest segment accepted at all. */
  maxBytes: bigint;
  /** No byte for this long ends the download. */
  idleMs: number;
  /** The whole download must end by then. */
  deadlineMs: number;
  /** For messages: the key and where it comes from. */
  what: string;
}

/**
 * A download's bytes, bounded: a body that runs past the listed size (or the maximum), goes quiet,
 * or takes too long is destroyed and ends in a typed error as soon as that is known, so a remote
 * can neither fill the disk nor hang the reader.
 */
export async function* boundedBody(body: Readable, limits: BodyLimits): AsyncGenerator<Uint8Array> {
  const limit =
    limits.listedBytes !== null && limits.listedBytes < limits.maxBytes ? limits.listedBytes : limits.maxBytes;
  let received = 0n;
  const fail = (error: SegscopeError) => body.destroy(error);
  const idle = setTimeout(
    () =>
      fail(
        new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${limits.what} sent nothing for ${limits.idleMs} ms after ${received} bytes; gave up`,
        ),
      ),
    limits.idleMs,
  );
  const deadline = setTimeout(
    () =>
      fail(
        new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${limits.what} did not finish within ${Math.round(limits.deadlineMs / 1000)} s (${received} bytes ` +
            `arrived); gave up`,
        ),
      ),
    limits.deadlineMs,
  );
  try {
    for await (const chunk of body) {
      const bytes = chunk as Uint8Array;
      received += BigInt(bytes.length);
      if (received > limit) {
        const why =
          limit === limits.listedBytes
            ? `the listing said ${limit} bytes`
            : `segments larger than ${limits.maxBytes} bytes are refused`;
        throw new SegscopeError('TRUNCATED_SEGMENT', `${limits.what} sent more than it should (${why}); stopped`);
      }
      idle.refresh();
      yield bytes;
    }
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    if (!body.destroyed) body.destroy();
  }
}
