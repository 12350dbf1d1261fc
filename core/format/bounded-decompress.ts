import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { BottomlessCompression } from './bottomless-batch-key.js';

export interface DecompressLimits {
  /** More decompressed bytes than this end the stream with TOO_LARGE (a decompression bomb). */
  maxBytes: number;
  /** For messages: the object's key and where it comes from. */
  what: string;
}

/** The largest zstd window accepted: the writer's default level uses 2 MiB at most. */
const MAX_WINDOW_LOG = 27;

type ZstdFactory = (options: { params: Record<number, number> }) => Transform;

/** Node's own zstd decoder where the runtime has it (22.15+, 23.8+); null on Node 20. */
function nodeZstd(): ZstdFactory | null {
  const lib = zlib as unknown as { createZstdDecompress?: ZstdFactory; constants: Record<string, number> };
  return typeof lib.createZstdDecompress === 'function' ? lib.createZstdDecompress : null;
}

function tooLarge(limits: DecompressLimits): SegscopeError {
  return new SegscopeError(
    'TOO_LARGE',
    `${limits.what} decompresses to more than ${limits.maxBytes} bytes; refused as a decompression bomb`,
  );
}

function corrupt(limits: DecompressLimits, cause: unknown): SegscopeError {
  if (isSegscopeError(cause)) return cause;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new SegscopeError(
    'DECOMPRESSION_FAILED',
    `${limits.what} does not decompress (${why}); the object is damaged or cut short`,
    { cause },
  );
}

/** Feeds the source into a transform with its backpressure; a failure of either ends both. */
async function pump(source: AsyncIterable<Uint8Array>, sink: Transform): Promise<void> {
  try {
    for await (const chunk of source) {
      if (sink.destroyed) return;
      if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', resolve).once('close', resolve));
    }
    sink.end();
  } catch (error) {
    sink.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

async function* throughNode(
  source: AsyncIterable<Uint8Array>,
  sink: Transform,
  limits: DecompressLimits,
): AsyncGenerator<Uint8Array> {
  void pump(source, sink);
  let total = 0;
  try {
    for await (const chunk of sink) {
      const bytes = chunk as Uint8Array;
      total += bytes.length;
      if (total > limits.maxBytes) throw tooLarge(limits);
      yield bytes;
    }
  } catch (error) {
    throw isSegscopeError(error) ? error : corrupt(limits, error);
  } finally {
    sink.destroy();
  }
}

/** The first zstd frame's window (or content size, for a single-segment frame), which fzstd allocates. */
function zstdWindow(head: Uint8Array): number | null {
  if (head.length < 14 || head[0] !== 0x28 || head[1] !== 0xb5 || head[2] !== 0x2f || head[3] !== 0xfd) return null;
  const descriptor = head[4] ?? 0;
  if ((descriptor & 0x20) === 0) {
    const byte = head[5] ?? 0;
    const base = 2 ** (10 + (byte >> 3));
    return base + (base / 8) * (byte & 7);
  }
  const dictBytes = [0, 1, 2, 4][descriptor & 3] ?? 0;
  const sizeBytes = [1, 2, 4, 8][descriptor >> 6] ?? 1;
  let size = 0;
  for (let i = sizeBytes - 1; i >= 0; i--) size = size * 256 + (head[5 + dictBytes + i] ?? 0);
  return sizeBytes === 2 ? size + 256 : size;
}

/**
 * Refuses a zstd stream whose first frame asks for a window beyond the limit before any decoder
 * sees it: fzstd allocates the window the header names, so a forged header alone is a bomb.
 */
async function* windowChecked(source: AsyncIterable<Uint8Array>, limits: DecompressLimits): AsyncGenerator<Uint8Array> {
  let checked = false;
  for await (const chunk of source) {
    if (!checked) {
      checked = true;
      const window = zstdWindow(chunk);
      if (window !== null && window > 2 ** MAX_WINDOW_LOG) throw tooLarge(limits);
    }
    yield chunk;
  }
}

async function* throughFzstd(source: AsyncIterable<Uint8Array>, limits: DecompressLimits): AsyncGenerator<Uint8Array> {
  // Loaded only when a zstd object is read on a runtime without Node's decoder.
  const { Decompress } = await import('fzstd');
  const out: Uint8Array[] = [];
  let total = 0;
  const decoder = new Decompress((data) => {
    total += data.length;
    if (total > limits.maxBytes) throw tooLarge(limits);
    if (data.length > 0) out.push(data);
  });
  // The limit is checked inside the callback, so one push that would inflate past it stops there.
  try {
    for await (const chunk of source) {
      decoder.push(chunk);
      yield* out.splice(0);
    }
    decoder.push(new Uint8Array(0), true);
    yield* out.splice(0);
  } catch (error) {
    throw corrupt(limits, error);
  }
}

async function* rawBounded(source: AsyncIterable<Uint8Array>, limits: DecompressLimits): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > limits.maxBytes) throw tooLarge(limits);
    yield chunk;
  }
}

/**
 * An object's bytes decompressed as they arrive, never more than `maxBytes` of output: a stream
 * that does not decode or ends early is DECOMPRESSION_FAILED, one that inflates past the limit
 * is TOO_LARGE. gzip through Node's zlib; zstd through Node's decoder where the runtime has one,
 * else fzstd (pure JavaScript, streaming, no native build to break on Electron's ABI).
 */
export function decompressStream(
  source: AsyncIterable<Uint8Array>,
  compression: BottomlessCompression,
  limits: DecompressLimits,
): AsyncGenerator<Uint8Array> {
  if (compression === 'raw') return rawBounded(source, limits);
  if (compression === 'gz') return throughNode(source, zlib.createGunzip(), limits);
  const native = nodeZstd();
  const checkedSource = windowChecked(source, limits);
  if (native) {
    const constants = (zlib as unknown as { constants: Record<string, number> }).constants;
    const windowLogMax = constants.ZSTD_d_windowLogMax;
    const params: Record<number, number> = windowLogMax !== undefined ? { [windowLogMax]: MAX_WINDOW_LOG } : {};
    return throughNode(checkedSource, native({ params }), limits);
  }
  return throughFzstd(checkedSource, limits);
}

type ZstdSync = (bytes: Uint8Array, options: { maxOutputLength: number; params: Record<number, number> }) => Buffer;

/** The bytes of a whole object, decoded in one call on this thread; null where only streaming decodes it. */
function decodeWhole(bytes: Buffer, compression: BottomlessCompression, limits: DecompressLimits): Uint8Array | null {
  if (compression === 'raw') {
    if (bytes.length > limits.maxBytes) throw tooLarge(limits);
    return bytes;
  }
  const zstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;
  if (compression === 'zstd' && (!zstd || !nodeZstd())) return null;
  // maxOutputLength stops the inflation at the limit: a bomb never reaches its size.
  const maxOutputLength = Math.max(1, limits.maxBytes);
  try {
    if (compression === 'gz') return zlib.gunzipSync(bytes, { maxOutputLength });
    const window = zstdWindow(bytes);
    if (window !== null && window > 2 ** MAX_WINDOW_LOG) throw tooLarge(limits);
    const windowLogMax = (zlib as unknown as { constants: Record<string, number> }).constants.ZSTD_d_windowLogMax;
    const params: Record<number, number> = windowLogMax !== undefined ? { [windowLogMax]: MAX_WINDOW_LOG } : {};
    return zstd ? zstd(bytes, { maxOutputLength, params }) : null;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limits);
    throw corrupt(limits, error);
  }
}

/**
 * A small object (its bytes arrive in a read or two) decoded once they have all arrived, in one
 * synchronous call: Node's streaming decoder hands every chunk to its thread pool and back,
 * which cost four times the CPU of the decoding for objects of a few kilobytes. The caller
 * bounds what arrives (the listed size); the output is bounded as the streaming path bounds it.
 */
export async function* decompressSmall(
  source: AsyncIterable<Uint8Array>,
  compression: BottomlessCompression,
  limits: DecompressLimits,
): AsyncGenerator<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source) parts.push(chunk);
  const only = parts.length === 1 ? parts[0] : undefined;
  const bytes = only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(parts);
  const whole = decodeWhole(bytes, compression, limits);
  if (whole) yield whole;
  else
    yield* decompressStream(
      (async function* () {
        yield bytes;
      })(),
      compression,
      limits,
    );
}
