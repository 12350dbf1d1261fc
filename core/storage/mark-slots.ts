import { statSync } from 'node:fs';
import type { FileMark } from './file-mark.js';
import { fsPath } from '../fs-names.js';

/** A mark as four doubles (size, mtime, ctime, inode), so two threads can share a table of them. */
export const MARK_FIELDS = 4;

export const GONE = -1;

/** Paths are claimed this many at a time by whichever thread is free, so neither waits long for the other. */
const CLAIM = 1024;

/**
 * What two threads share while they take the marks of `paths`: the table, the next claim, and
 * which claims are written (so a thread that failed leaves its share to be taken again).
 */
export interface MarkTable {
  paths: readonly string[];
  marks: Float64Array;
  /** [0]: the next claim. */
  next: Int32Array;
  written: Uint8Array;
}

export function markTable(paths: readonly string[]): MarkTable {
  const shared = (bytes: number) => new SharedArrayBuffer(Math.max(bytes, 8));
  return {
    paths,
    marks: new Float64Array(shared(paths.length * MARK_FIELDS * Float64Array.BYTES_PER_ELEMENT)),
    next: new Int32Array(shared(Int32Array.BYTES_PER_ELEMENT)),
    written: new Uint8Array(shared(Math.ceil(paths.length / CLAIM))),
  };
}

/** One claim's marks, written in place (a path that is gone gets size -1, which no file has: `GONE`). */
export function takeClaim(table: MarkTable, claim: number): void {
  const end = Math.min(table.paths.length, (claim + 1) * CLAIM);
  for (let i = claim * CLAIM; i < end; i++) {
    const info = statSync(fsPath(table.paths[i] as string), { throwIfNoEntry: false });
    const at = i * MARK_FIELDS;
    table.marks[at] = info ? info.size : GONE;
    table.marks[at + 1] = info ? info.mtimeMs : 0;
    table.marks[at + 2] = info ? info.ctimeMs : 0;
    table.marks[at + 3] = info ? info.ino : 0;
  }
  Atomics.store(table.written, claim, 1);
}

/** Claims and takes until none is left. */
export function takeClaims(table: MarkTable): void {
  const claims = table.written.length;
  for (let claim = Atomics.add(table.next, 0, 1); claim < claims; claim = Atomics.add(table.next, 0, 1))
    takeClaim(table, claim);
}

/** Whether path `i` still has `mark`, read in place: a Reload asks this of every file it kept. */
export function markUnchanged(marks: Float64Array, i: number, mark: FileMark): boolean {
  const at = i * MARK_FIELDS;
  return (
    marks[at] === mark.size &&
    marks[at + 1] === mark.mtimeMs &&
    marks[at + 2] === mark.ctimeMs &&
    marks[at + 3] === mark.ino
  );
}
