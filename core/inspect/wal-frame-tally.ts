import type { WalFrame } from '../format/bottomless-batch.js';
import { SQLITE_WAL_FRAME_HEADER_SIZE } from '../format/sqlite-wal.js';
import type { Problem } from '../model/problem.js';

/** What a run of a bottomless WAL's frames says of itself: how many, its commits, whether their salts agree. */
export class FrameTally {
  frames = 0;
  commits = 0;
  lastFrameNo: number | null = null;
  lastCommitFrameNo: number | null = null;
  sizeAfterLastCommit: number | null = null;
  firstSalts: readonly [number, number] | null = null;
  /** Frames whose salts are not the first frame's. */
  saltsDiffer = 0;

  count(frame: WalFrame): void {
    this.frames++;
    this.lastFrameNo = frame.frameNo;
    if (frame.sizeAfter !== 0) {
      this.commits++;
      this.lastCommitFrameNo = frame.frameNo;
      this.sizeAfterLastCommit = frame.sizeAfter;
    }
    this.firstSalts ??= frame.salts;
    if (frame.salts[0] !== this.firstSalts[0] || frame.salts[1] !== this.firstSalts[1]) this.saltsDiffer++;
  }
}

/** Bytes at a batch's end too few for a frame header are a warning; more, a frame cut short, an error. */
export function trailingSeverity(bytes: number): Problem['severity'] {
  return bytes < SQLITE_WAL_FRAME_HEADER_SIZE ? 'warning' : 'error';
}
