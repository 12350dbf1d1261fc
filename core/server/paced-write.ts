import type { ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import { type TransferPace, watchPace } from './transfer-pace.js';

/** What the socket is handed at a time: past this, the next piece waits until the client takes it. */
const PIECE_BYTES = 64 * 1024;

/**
 * Ends `res` with `body`, handed to the socket a piece at a time as the client takes it, under
 * `pace`: a client that stops reading, or reads slower than the pace, has its connection destroyed,
 * and with it the one copy of the answer held for it. Resolves when the answer is out or cut.
 */
export async function writePaced(res: ServerResponse, body: Buffer, pace: TransferPace): Promise<void> {
  let taken = 0;
  const endWatch = watchPace(
    pace,
    () => taken,
    () => res.destroy(),
  );
  try {
    for (let at = 0; at < body.length && !res.destroyed; at += PIECE_BYTES) {
      const piece = body.subarray(at, at + PIECE_BYTES);
      const more = res.write(piece, () => (taken += piece.length));
      if (!more) await drainedOrClosed(res);
    }
    if (!res.destroyed) res.end();
    // A cut connection is how a client that stopped reading is meant to end: nothing to report.
    await finished(res).catch(() => undefined);
  } finally {
    endWatch();
  }
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      res.off('drain', finish);
      res.off('close', finish);
      done();
    };
    res.once('drain', finish);
    res.once('close', finish);
  });
}
