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

/** The rowids a page may hold, as the separators above it bound them. */
interface RowidBounds {
  lo: bigint;
  hi: bigint;
}

/** A page the walk has yet to reach, at its depth below the root. */
interface WalkNode extends RowidBounds {
  pageNo: number;
  depth: number;
}

/** One tree's walk: what its pages must be, the changed pages, and what it found. */
interface Walk {
  rowid: boolean;
  interiorType: number;
  leafType: number;
  changed: ReadonlySet<number>;
  found: TreeChanges;
  /** The depth every leaf sits at, once the first is found; -1 before. */
  leafDepth: number;
}

/**
 * The children of the interior page `page` (its header at `at`) and the bounds of each, decoded
 * only when asked (`bounds` throws a RangeError where a separator runs off the page); null where
 * a cell pointer does.
 */
function childrenOf(
  page: Uint8Array,
  at: number,
  pageSize: number,
  node: WalkNode,
  rowid: boolean,
): { count: number; pageOf: (c: number) => number; bounds: (c: number) => RowidBounds } | null {
  const view = new DataView(page.buffer);
  const cells = view.getUint16(at + 3);
  if (at + 12 + cells * 2 > pageSize) return null;
  const cellAt = (c: number) => view.getUint16(at + 12 + c * 2);
  for (let c = 0; c < cells; c++) if (cellAt(c) + 4 > pageSize) return null;
  // Child c holds the keys after separator c-1, up to separator c (the last child: to the parent's bound).
  const key = (c: number): bigint => {
    const k = varint(page, cellAt(c) + 4);
    if (k === null) throw new RangeError('a separator key runs off its page');
    return k;
  };
  return {
    count: cells + 1,
    pageOf: (c) => (c === cells ? view.getUint32(at + 8) : view.getUint32(cellAt(c))),
    bounds: (c) => ({
      lo: c === 0 || !rowid ? node.lo : key(c - 1) + 1n,
      hi: c === cells || !rowid ? node.hi : key(c),
    }),
  };
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
    const walk: Walk = {
      rowid,
      interiorType: rowid ? INTERIOR_TABLE_PAGE : INTERIOR_INDEX_PAGE,
      leafType: rowid ? LEAF_TABLE_PAGE : LEAF_INDEX_PAGE,
      changed,
      found: { touched: false, leaves: [] },
      leafDepth: -1,
    };
    const stack: WalkNode[] = [{ pageNo: root, depth: 0, lo: ROWID_MIN, hi: ROWID_MAX }];
    for (let node = stack.pop(); node; node = stack.pop()) if (!this.visit(walk, node, stack)) return null;
    return walk.found;
  }

  /**
   * One page the walk reached. A page at the leaves' depth is a leaf, read no further; above it an
   * interior page is read. The first leaf found is read to know it for one, and sets that depth.
   */
  private visit(walk: Walk, node: WalkNode, stack: WalkNode[]): boolean {
    if (node.depth === walk.leafDepth) return this.leaf(walk, node.pageNo, () => node);
    if (node.depth > MAX_DEPTH || node.pageNo < 1 || node.pageNo > this.pageCount) return false;
    const page = this.page(node.pageNo);
    const at = node.pageNo === 1 ? DATABASE_HEADER_SIZE : 0;
    if (page[at] === walk.leafType && walk.leafDepth === -1) {
      walk.leafDepth = node.depth;
      return this.visit(walk, node, stack);
    }
    if (page[at] !== walk.interiorType || !this.mark(node.pageNo)) return false;
    if (walk.changed.has(node.pageNo)) walk.found.touched = true;
    const children = childrenOf(page, at, this.pageSize, node, walk.rowid);
    if (!children) return false;
    try {
      if (node.depth + 1 === walk.leafDepth) {
        for (let c = 0; c < children.count; c++)
          if (!this.leaf(walk, children.pageOf(c), () => children.bounds(c))) return false;
        return true;
      }
      // Pushed right to left, so the leftmost path is walked first and finds the leaves' depth.
      for (let c = children.count - 1; c >= 0; c--) {
        const { lo, hi } = children.bounds(c);
        if (lo > hi + 1n || lo < node.lo || hi > node.hi) return false;
        stack.push({ pageNo: children.pageOf(c), depth: node.depth + 1, lo, hi });
      }
      return true;
    } catch (error) {
      if (error instanceof RangeError) return false;
      throw error;
    }
  }

  /** A leaf: marked, and noted where it changed (a rowid table's with its bounds, asked only then). */
  private leaf(walk: Walk, pageNo: number, bounds: () => RowidBounds): boolean {
    if (!this.mark(pageNo)) return false;
    if (!walk.changed.has(pageNo)) return true;
    walk.found.touched = true;
    if (walk.rowid) {
      const { lo, hi } = bounds();
      walk.found.leaves.push({ pageNo, lo, hi });
    }
    return true;
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
