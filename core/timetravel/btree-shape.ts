import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  DATABASE_HEADER_SIZE,
  INTERIOR_INDEX_PAGE,
  INTERIOR_TABLE_PAGE,
  LEAF_INDEX_PAGE,
  LEAF_TABLE_PAGE,
} from '../format/sqlite-btree.js';
import { sqlitePageSize } from '../format/sqlite-database-header.js';
import { isSqlitePageSize } from '../format/sqlite-wal.js';
import { fsPath } from '../fs-names.js';

/** SQLite refuses b-trees deeper than this (BTCURSOR_MAX_DEPTH); deeper is a damaged file. */
const MAX_DEPTH = 20;
const ROWID_MIN = -(1n << 63n);
const ROWID_MAX = (1n << 63n) - 1n;

/** A leaf of a rowid table with the rowids it may hold: the separators of its parents bound it. */
export interface LeafRange {
  pageNo: number;
  lo: bigint;
  hi: bigint;
}

/** What a walk of one tree found among the changed pages. */
export interface TreeChanges {
  /** Some page of the tree (interior or leaf) is among them. */
  touched: boolean;
  /** Rowid tables only: the changed leaves, each with its bounds. */
  leaves: LeafRange[];
}

/** Reads a SQLite varint at `at`: up to 9 bytes, the ninth contributing all 8 of its bits. */
function varint(page: Uint8Array, at: number): bigint | null {
  let value = 0n;
  for (let i = 0; i < 9; i++) {
    const byte = page[at + i];
    if (byte === undefined) return null;
    if (i === 8) return BigInt.asIntN(64, (value << 8n) | BigInt(byte));
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (byte < 0x80) return BigInt.asIntN(64, value);
  }
  return null;
}

/**
 * One database file's b-trees, walked against a set of changed pages. Only interior pages are
 * read, since the leaves are named by their parents and (SQLite's b-trees being balanced) all
 * sit at the depth of the first one found: for a table that is a few hundred pages per gigabyte
 * of leaves. Separator keys are decoded only around the changed leaves. Every page a walk
 * reaches is marked, so a page in two trees (or twice in one) is caught, and the caller can ask
 * whether a changed page belongs to any tree or the freelist at all.
 */
export class BtreeFile {
  private readonly marked: Uint8Array;

  private constructor(
    private readonly fd: number,
    readonly pageSize: number,
    readonly pageCount: number,
  ) {
    this.marked = new Uint8Array(pageCount + 1);
  }

  static open(path: string): BtreeFile {
    const fd = openSync(fsPath(path), 'r');
    try {
      const header = new Uint8Array(DATABASE_HEADER_SIZE);
      readSync(fd, header, 0, DATABASE_HEADER_SIZE, 0);
      const pageSize = sqlitePageSize(header) ?? 0;
      if (!isSqlitePageSize(pageSize)) throw new Error(`page size ${pageSize} is not one SQLite uses`);
      return new BtreeFile(fd, pageSize, Math.floor(fstatSync(fd).size / pageSize));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Whether a walk (of a tree or the freelist) reached this page. */
  reached(pageNo: number): boolean {
    return this.marked[pageNo] === 1;
  }

  /** Marks a page reached; false if it is out of range or was reached before. */
  private mark(pageNo: number): boolean {
    if (pageNo < 1 || pageNo > this.pageCount || this.marked[pageNo] === 1) return false;
    this.marked[pageNo] = 1;
    return true;
  }

  private page(pageNo: number): Uint8Array {
    const bytes = new Uint8Array(this.pageSize);
    readSync(this.fd, bytes, 0, this.pageSize, (pageNo - 1) * this.pageSize);
    return bytes;
  }

  /**
   * The b-tree rooted at `root` (a rowid table's when `rowid`) against `changed`, or null where the
   * tree is not as SQLite writes one (a page out of range or reached twice, the wrong page type,
   * too deep, keys out of order): the caller then compares that table in full.
   */
  tree(root: number, rowid: boolean, changed: ReadonlySet<number>): TreeChanges | null {
    const interiorType = rowid ? INTERIOR_TABLE_PAGE : INTERIOR_INDEX_PAGE;
    const leafType = rowid ? LEAF_TABLE_PAGE : LEAF_INDEX_PAGE;
    const found: TreeChanges = { touched: false, leaves: [] };
    const leaf = (pageNo: number, lo: () => bigint, hi: () => bigint): boolean => {
      if (!this.mark(pageNo)) return false;
      if (!changed.has(pageNo)) return true;
      found.touched = true;
      if (rowid) found.leaves.push({ pageNo, lo: lo(), hi: hi() });
      return true;
    };
    let leafDepth = -1;
    const stack: { pageNo: number; depth: number; lo: bigint; hi: bigint }[] = [
      { pageNo: root, depth: 0, lo: ROWID_MIN, hi: ROWID_MAX },
    ];
    for (let node = stack.pop(); node; node = stack.pop()) {
      const { pageNo, depth, lo, hi } = node;
      if (depth === leafDepth) {
        if (
          !leaf(
            pageNo,
            () => lo,
            () => hi,
          )
        )
          return null;
        continue;
      }
      if (depth > MAX_DEPTH || pageNo < 1 || pageNo > this.pageCount) return null;
      const page = this.page(pageNo);
      const at = pageNo === 1 ? DATABASE_HEADER_SIZE : 0;
      const type = page[at];
      if (type === leafType && leafDepth === -1) {
        leafDepth = depth;
        if (
          !leaf(
            pageNo,
            () => lo,
            () => hi,
          )
        )
          return null;
        continue;
      }
      if (type !== interiorType || !this.mark(pageNo)) return null;
      if (changed.has(pageNo)) found.touched = true;
      const view = new DataView(page.buffer);
      const cells = view.getUint16(at + 3);
      if (at + 12 + cells * 2 > this.pageSize) return null;
      const cellAt = (c: number) => view.getUint16(at + 12 + c * 2);
      for (let c = 0; c < cells; c++) if (cellAt(c) + 4 > this.pageSize) return null;
      const childOf = (c: number) => (c === cells ? view.getUint32(at + 8) : view.getUint32(cellAt(c)));
      // Child c holds the keys after separator c-1, up to separator c (the last child: to the parent's bound).
      const key = (c: number): bigint => {
        const k = varint(page, cellAt(c) + 4);
        if (k === null) throw new RangeError('a separator key runs off its page');
        return k;
      };
      const loOf = (c: number) => (c === 0 || !rowid ? lo : key(c - 1) + 1n);
      const hiOf = (c: number) => (c === cells || !rowid ? hi : key(c));
      try {
        if (depth + 1 === leafDepth) {
          for (let c = 0; c <= cells; c++)
            if (
              !leaf(
                childOf(c),
                () => loOf(c),
                () => hiOf(c),
              )
            )
              return null;
          continue;
        }
        // Pushed right to left, so the leftmost path is walked first and finds the leaves' depth.
        for (let c = cells; c >= 0; c--) {
          const [childLo, childHi] = [loOf(c), hiOf(c)];
          if (childLo > childHi + 1n || childLo < lo || childHi > hi) return null;
          stack.push({ pageNo: childOf(c), depth: depth + 1, lo: childLo, hi: childHi });
        }
      } catch (error) {
        if (error instanceof RangeError) return null;
        throw error;
      }
    }
    return found;
  }

  /** Marks the freelist's trunk and leaf pages; false where the list is damaged. */
  freelist(): boolean {
    const header = new DataView(this.page(1).buffer);
    const perTrunk = this.pageSize / 4 - 2;
    for (let trunk = header.getUint32(32); trunk !== 0;) {
      if (!this.mark(trunk)) return false;
      const page = new DataView(this.page(trunk).buffer);
      const count = page.getUint32(4);
      if (count > perTrunk) return false;
      for (let i = 0; i < count; i++) if (!this.mark(page.getUint32(8 + i * 4))) return false;
      trunk = page.getUint32(0);
    }
    return true;
  }
}
