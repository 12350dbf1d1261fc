import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { errnoCode } from '../errors.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The command's standard output written with blocking writes. process.stdout on a pipe queues in
 * memory whatever the reader has not taken yet, so `segscope list --json | jq` held the whole
 * document (280 MB for 100,000 segments) while jq caught up; here each 64 KiB block waits until
 * the pipe takes it. A descriptor left non-blocking by someone else is waited on 1 ms at a time;
 * a reader that went away (EPIPE, as with `| head`) ends the output quietly.
 */
export function syncOutput(fd: number): Writable {
  let closed = false;
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      try {
        if (!closed) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        done();
      } catch (error) {
        if (errnoCode(error) !== 'EPIPE') return done(error as Error);
        closed = true;
        done();
      }
    },
  });
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      if (errnoCode(error) !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
