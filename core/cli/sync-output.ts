import { writeSync } from 'node:fs';
import { SegscopeError, errnoCode } from '../errors.js';
import type { Output } from './command.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * What a write says when the reader has gone: a pipe's EPIPE, a socket pair's ECONNRESET (Node's
 * own child processes).
 */
const READER_GONE = new Set(['EPIPE', 'ECONNRESET']);

/**
 * The command's standard output written with blocking writes, to a pipe, a file or a terminal
 * alike. process.stdout on a pipe queues in memory whatever the reader has not taken yet, so
 * `segscope list --json | jq` held the whole document (280 MB for 100,000 segments) while jq
 * caught up; here each 64 KiB block waits until the pipe takes it. A descriptor left non-blocking
 * by someone else is waited on 1 ms at a time; a reader that went away (as with `| head`) ends
 * the output quietly; any other failure (a full disk) reaches the command as IO_ERROR. Not being
 * a Node stream, it also spares every command's start the stream modules (and, with no
 * process.stdout, the terminal and socket ones), a visible part of `segscope --help`.
 */
class SyncOutput implements Output {
  private stopped = false;

  constructor(private readonly fd: number) {}

  write(chunk: string | Uint8Array): void {
    if (this.stopped) return;
    try {
      writeAll(this.fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    } catch (error) {
      this.stopped = true;
      if (!READER_GONE.has(errnoCode(error) ?? '')) {
        throw new SegscopeError(
          'IO_ERROR',
          `could not write the output: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

export function syncOutput(fd: number): Output {
  return new SyncOutput(fd);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      if (errnoCode(error) !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
