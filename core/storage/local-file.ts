import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { open } from '../fs-async.js';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { DB_FOOTER_SIZE } from '../format/db-footer.js';
import { type FileProbe, HEAD_SIZE } from '../format/detect.js';
import { fsPath } from '../fs-names.js';
import { type FileMark, markOf } from './file-mark.js';

/**
 * Large enough that the thread pool's per-read cost is small, small enough that the chunk read
 * ahead still sits in the CPU cache when CRC-32 runs over it. With two buffers alternating and
 * two files at a time (inspect/claim-lanes.ts), 1, 2 and 4 MiB verify equally fast; `npm run bench`
 * measures it.
 */
const CHUNK = 2 << 20;

/**
 * Never follow a symbolic link (a link named like a segment must not show another file's bytes),
 * and never block on a FIFO or device: open non-blocking, then refuse anything not regular.
 */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

function notRegular(path: string, what: string): SegscopeError {
  return new SegscopeError(
    'IO_ERROR',
    `${what} is not a regular file (a FIFO, socket or device), so it is not read: ${path}`,
  );
}

/** What opening a symbolic link answers: the same rule as a link inside a layout (storage/no-links.ts). */
export function linkRefused(path: string, what: string): SegscopeError {
  return new SegscopeError(
    'SYMBOLIC_LINK',
    `${what} is a symbolic link, and Segscope follows none (name the file it points to instead): ${path}`,
  );
}

function openError(error: unknown, what: string, path: string): SegscopeError {
  // O_NOFOLLOW on a symbolic link fails with ELOOP.
  if (error instanceof Error && 'code' in error && error.code === 'ELOOP') return linkRefused(path, what);
  return fsError(error, what, path);
}

/** Opens a regular file for reading without following links; anything else gets a typed error. */
export async function openRegularFile(path: string, what = 'the file'): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(fsPath(path), READ_FLAGS);
  } catch (error) {
    throw openError(error, what, path);
  }
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw fsError(error, what, path);
  });
  const refused = irregular(info, what, path);
  if (refused) {
    await handle.close();
    throw refused;
  }
  return { handle, size: info.size };
}

/** Why something opened for reading is refused: anything but a regular file. */
function irregular(info: Stats, what: string, path: string): SegscopeError | null {
  if (info.isFile()) return null;
  return info.isDirectory()
    ? fsError(Object.assign(new Error('directory'), { code: 'EISDIR' }), what, path)
    : notRegular(path, what);
}

/**
 * Streams a file through `onChunk` in order (so a segment of any size costs 2 MiB of memory). Two
 * buffers alternate: the next read runs on libuv's thread pool while `onChunk` hashes the current
 * one on the main thread, which on two cores hides most of the read time. A chunk is only valid
 * during its call; a returned promise is awaited before that buffer is reused (back-pressure for
 * consumers that write). Returns the file's size.
 */
export async function readChunks(path: string, onChunk: (chunk: Uint8Array) => unknown): Promise<bigint> {
  const { handle, size } = await openRegularFile(path);
  try {
    await streamChunks(handle, size, onChunk);
    return BigInt(size);
  } catch (error) {
    throw fsError(error, 'the file', path);
  } finally {
    await handle.close();
  }
}

/**
 * Chunk buffers kept between streams. Memory the process has not touched yet is dear: the kernel
 * maps it a page at a time as the first read writes it, and a verify streams file after file, so
 * fresh buffers for each file cost a verify about a third of its time.
 */
const spareChunks: Uint8Array[] = [];
const SPARE_CHUNKS = 4;

/** When useSmallFile last gave the event loop a turn, and how long it goes on without one. */
let lastTurn = 0;
const TURN_MS = 10;

/** Files no larger than this are read whole (useSmallFile). */
export const SMALL_FILE = CHUNK;

/**
 * A file no larger than SMALL_FILE read whole into a spare chunk buffer, handed to `use` (valid
 * until what it returns settles); null, with nothing read, for a larger file (the caller streams
 * it). Synchronous calls, as probeFileSync's: through the thread pool, its four calls (open, stat,
 * read, close) cost the main thread several times what the system calls take, which for a segment of a
 * few KiB is the whole of reading it.
 */
export async function useSmallFile<T>(
  path: string,
  use: (bytes: Uint8Array) => Promise<T>,
  what = 'the file',
): Promise<T | null> {
  // A synchronous read waits on nothing, so a verify, a restore or a points listing of thousands
  // of small files would keep the event loop (the app's server, a Cancel, a second thread's
  // replies) waiting for all of them: it gets a turn every TURN_MS.
  if (performance.now() - lastTurn >= TURN_MS) {
    await yieldToEventLoop();
    lastTurn = performance.now();
  }
  const buffer = spareChunks.pop() ?? new Uint8Array(CHUNK);
  try {
    const filled = readSmallSync(path, buffer, what);
    return filled === null ? null : await use(buffer.subarray(0, filled));
  } finally {
    if (spareChunks.length < SPARE_CHUNKS) spareChunks.push(buffer);
  }
}

/** The bytes read into `buffer`, or null when the file is larger than it. */
function readSmallSync(path: string, buffer: Uint8Array, what: string): number | null {
  let fd: number;
  try {
    fd = openSync(fsPath(path), READ_FLAGS);
  } catch (error) {
    throw openError(error, what, path);
  }
  try {
    const info = fstatSync(fd);
    const refused = irregular(info, what, path);
    if (refused) throw refused;
    if (info.size > buffer.length) return null;
    let filled = 0;
    // As far as the size stat gave: the probe and the scan see the same bytes, and what is
    // appended meanwhile (sqld's current segment grows) is the next look's.
    while (filled < info.size) {
      const read = readSync(fd, buffer, filled, info.size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return filled;
  } catch (error) {
    // A refusal above is already typed: fsError hands it back as it is.
    throw fsError(error, what, path);
  } finally {
    closeSync(fd);
  }
}

/**
 * The same over a file already open (`size` bytes), from its first byte; the caller closes it.
 * What `onChunk` returns (a promise) is awaited before that chunk's buffer is read into again. With
 * `overlap`, the next chunk is handed over meanwhile, from a third buffer: a consumer that writes
 * a chunk from its buffer (a restore) checks the next one while the disk takes it. Without, each
 * is awaited before the next call, so a consumer appending writes keeps them in order.
 */
export async function streamChunks(
  handle: FileHandle,
  size: number,
  onChunk: (chunk: Uint8Array) => unknown,
  overlap = false,
): Promise<void> {
  const buffers = Array.from({ length: overlap ? 3 : 2 }, () => spareChunks.pop() ?? new Uint8Array(CHUNK));
  // What each buffer's last consumer returned: a failure is kept for its await, never unhandled.
  const released: Promise<unknown>[] = buffers.map(() => Promise.resolve());
  const readInto = (i: number, at: number) =>
    handle.read(buffers[i] as Uint8Array, 0, CHUNK, at).then((r) => r.bytesRead);
  let current = 0;
  let at = 0;
  let pending = readInto(current, at);
  try {
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) break;
      // The next read starts where this one ended, not a chunk on: a short read (a file still
      // being appended to, as sqld's current segment is) must not leave a hole.
      at += bytesRead;
      const next = (current + 1) % buffers.length;
      await released[next];
      pending = readInto(next, at);
      const done = Promise.resolve(onChunk((buffers[current] as Uint8Array).subarray(0, bytesRead)));
      done.catch(() => undefined);
      released[current] = done;
      if (!overlap) await done;
      current = next;
    }
    for (const done of released) await done;
  } finally {
    // Back to the spares only once no read is writing into any, and no consumer still uses one.
    await pending.catch(() => 0);
    await Promise.allSettled(released);
    for (const buffer of buffers) if (spareChunks.length < SPARE_CHUNKS) spareChunks.push(buffer);
  }
}

/** What detection needs of a file: its first bytes, its last 34, its size. */
export async function probeFile(path: string, what = 'the file'): Promise<FileProbe> {
  const { handle, size } = await openRegularFile(path, what);
  try {
    return await probeOpenFile(handle, size, path, what);
  } finally {
    await handle.close();
  }
}

/** The same from a file already open (`size` bytes); the caller closes it. */
export async function probeOpenFile(
  handle: FileHandle,
  size: number,
  path: string,
  what = 'the file',
): Promise<FileProbe> {
  try {
    const head = new Uint8Array(Math.min(HEAD_SIZE, size));
    await handle.read(head, 0, head.length, 0);
    const tail = new Uint8Array(size >= DB_FOOTER_SIZE ? DB_FOOTER_SIZE : 0);
    if (tail.length > 0) await handle.read(tail, 0, tail.length, size - DB_FOOTER_SIZE);
    return { head, tail, size: BigInt(size) };
  } catch (error) {
    throw fsError(error, what, path);
  }
}

const SHORT_HEAD = 128;

/** The magic without a sealed header's page size: telling v1 apart needs its first frame. */
function needsLongHead(head: Uint8Array): boolean {
  const magic =
    head[2] === 0x4c &&
    head[3] === 0x51 &&
    head[4] === 0x53 &&
    head[5] === 0x42 &&
    head[6] === 0x49 &&
    head[7] === 0x4c;
  return magic && !(head[62] === 0x00 && head[63] === 0x10);
}

function tailMatters(head: Uint8Array, size: number): boolean {
  return (
    size % 4096 === DB_FOOTER_SIZE ||
    (head.length >= 8 && head[0] === FST_FIRST_BYTE && head.subarray(1, 8).every((b) => b === 0))
  );
}

/** A raw fst starts with its version, 3, as a little-endian u64. */
const FST_FIRST_BYTE = 3;

/** An entry a listing found that is no regular file: a folder, a link, a FIFO, a device, a socket. */
export interface NotRegular {
  notRegular: 'directory' | 'link' | 'other';
}

/**
 * The same, synchronously, for listings of 100,000 files where the thread pool's round trips cost
 * several times the system calls. Null when the file cannot be read; what is no regular file says
 * so (the listing reads plain names, so this is where a folder named like a segment shows).
 */
export function probeFileSync(path: string, buffer: Uint8Array): (FileProbe & { mark: FileMark }) | NotRegular | null {
  let fd: number;
  try {
    fd = openSync(fsPath(path), READ_FLAGS);
  } catch (error) {
    // ELOOP: a symbolic link (O_NOFOLLOW); ENXIO: a socket.
    const code = errnoCode(error);
    return code === 'ELOOP' ? { notRegular: 'link' } : code === 'ENXIO' ? { notRegular: 'other' } : null;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { notRegular: info.isDirectory() ? 'directory' : 'other' };
    // Most headers fit in the first 128 bytes; only a v1 segment's first frame needs the rest.
    let read = readSync(fd, buffer, 0, Math.min(buffer.length, SHORT_HEAD), 0);
    if (read === SHORT_HEAD && needsLongHead(buffer))
      read += readSync(fd, buffer, SHORT_HEAD, Math.min(buffer.length, HEAD_SIZE) - SHORT_HEAD, SHORT_HEAD);
    const head = buffer.subarray(0, read);
    // The tail matters only to a database file's footer and a raw fst's trailer: one read fewer
    // for every segment of a 100,000-entry listing.
    const tail = new Uint8Array(info.size >= DB_FOOTER_SIZE && tailMatters(head, info.size) ? DB_FOOTER_SIZE : 0);
    if (tail.length > 0) readSync(fd, tail, 0, tail.length, info.size - DB_FOOTER_SIZE);
    return { head, tail, size: BigInt(info.size), mark: markOf(info) };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
