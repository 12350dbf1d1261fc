import type { LogMismatch } from '../model/log-mismatch.js';
import { type PageVersions, differingPages } from '../restore/page-versions.js';
import { BtreeFile, type TreeChanges } from './btree-shape.js';

/** One point's database file and the b-trees its schema names. */
export interface PointTrees {
  point: PointFile;
  trees: readonly SchemaTree[];
}

/** One restored point as a diff reads it. */
export interface PointFile {
  path: string;
  frameNo: bigint;
  /** Built from a default-mode namespace's database and SQLite WAL file: the WAL's frame index. */
  walFrame?: bigint;
  /** Bottomless: the generation the point stands in (its frame numbers restart in each). */
  generation?: string;
  /** Database size in pages. */
  pages: number;
  /** Pages no checksum covers (RestoreResult's unprovenPages). */
  unprovenPages?: number;
  /** The current state disagreeing with the log (RestoreResult's logMismatch). */
  logMismatch?: LogMismatch;
  versions: PageVersions;
}

/** One b-tree named in sqlite_schema (page 1 holds sqlite_schema itself). */
export interface SchemaTree {
  name: string;
  rootpage: number;
  /** A rowid table's b-tree, rather than an index's (indexes, WITHOUT ROWID tables). */
  rowid: boolean;
}

/** How much of a table the diff must compare: none of it, the rowids in some ranges, or all. */
export type TableScope = { kind: 'unchanged' } | { kind: 'ranges'; ranges: [bigint, bigint][] } | { kind: 'whole' };

const SCHEMA_TREE: SchemaTree = { name: 'sqlite_schema', rootpage: 1, rowid: true };

/**
 * Every tree of one point walked against the changed pages, or null when one of them (or the
 * freelist) cannot be walked or a changed page is in none of them.
 */
function treesAt(
  path: string,
  pages: number,
  trees: readonly SchemaTree[],
  changed: ReadonlySet<number>,
): Map<string, TreeChanges> | null {
  const file = BtreeFile.open(path);
  try {
    const found = new Map<string, TreeChanges>();
    for (const tree of [SCHEMA_TREE, ...trees]) {
      const walked = file.tree(tree.rootpage, tree.rowid, changed);
      if (!walked) return null;
      found.set(tree.name, walked);
    }
    if (!file.freelist()) return null;
    for (const p of changed) if (p <= pages && !file.reached(p)) return null;
    return found;
  } finally {
    file.close();
  }
}

function mergeRanges(ranges: [bigint, bigint][]): [bigint, bigint][] {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [lo, hi] of ranges) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else merged.push([lo, hi]);
  }
  return merged;
}

/**
 * The page-level shortcut of a diff. Only pages whose version differs between the two points can
 * hold different rows; each is found in the b-trees (or the freelist) of both points. A table none
 * of whose pages changed has no changes; in a rowid table only the rowids its changed leaves cover,
 * at either point, can differ. A changed page that is in no tree nor the freelist (an overflow
 * page, whose row's leaf SQLite may leave untouched when it rewrites a value of the same size in
 * place) cannot be tied to a table: then every table is compared whole, as is any table whose
 * root moved or that is not a rowid table. Null means: compare everything.
 */
export function scopeTables(
  { point: before, trees: treesBefore }: PointTrees,
  { point: after, trees: treesAfter }: PointTrees,
  tables: readonly string[],
): Map<string, TableScope> | null {
  const changed = differingPages(before.versions, before.pages, after.versions, after.pages);
  if (changed.size === 0) return new Map(tables.map((t) => [t, { kind: 'unchanged' }]));
  const old = treesAt(before.path, before.pages, treesBefore, changed);
  const now = old && treesAt(after.path, after.pages, treesAfter, changed);
  if (!old || !now) return null;
  const rootOf = (trees: readonly SchemaTree[], name: string) => trees.find((t) => t.name === name);
  const scopes = new Map<string, TableScope>();
  for (const name of tables) {
    const [a, b] = [rootOf(treesBefore, name), rootOf(treesAfter, name)];
    const [walkedA, walkedB] = [old.get(name), now.get(name)];
    if (!a || !b || !walkedA || !walkedB || a.rootpage !== b.rootpage) {
      scopes.set(name, { kind: 'whole' });
    } else if (!walkedA.touched && !walkedB.touched) {
      scopes.set(name, { kind: 'unchanged' });
    } else if (!b.rowid) {
      scopes.set(name, { kind: 'whole' });
    } else {
      scopes.set(name, {
        kind: 'ranges',
        ranges: mergeRanges([...walkedA.leaves, ...walkedB.leaves].map((l): [bigint, bigint] => [l.lo, l.hi])),
      });
    }
  }
  return scopes;
}
