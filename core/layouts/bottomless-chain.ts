import { SegscopeError } from '../errors.js';
import type { Generation } from './bottomless-generations.js';
import type { SnapshotObject } from './bottomless-objects.js';

/** sqld gives up on a chain of more than this many generations without a snapshot. */
const MAX_CHAIN_DEPTH = 100;

/** The snapshot a restore reads: zstd, then gz, then raw (the writer's default order), `db.db` last. */
export function snapshotOf(g: Generation): SnapshotObject | null {
  const rank = (s: SnapshotObject) => (s.legacyName ? 3 : ['zstd', 'gz', 'raw'].indexOf(s.compression));
  return [...g.snapshots].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

export type GenerationChain =
  | { chain: Generation[]; snapshot: SnapshotObject | null }
  /** Why no restore stands on it: a chain too deep, a parent not there, a cycle, an unreadable `.dep`. */
  | { broken: 'deep' | 'missing' | 'cycle' | 'dep'; message: string }
  /** A chain ending in `root`, with neither snapshot nor `.dep`, which is not the database's first generation. */
  | { broken: 'base'; message: string; root: Generation };

/**
 * Why a generation with neither snapshot nor `.dep` does not start from an empty database, or null
 * when it may be the database's first generation. sqld leaves out `.dep` only in a database's first
 * generation and in the first of a process that found a non-empty database, which it snapshots
 * (docs/formats/bottomless.md#dep); `.changecounter` is uploaded only once the snapshot is. So a
 * `.changecounter`, or an older generation, says the snapshot is what the frames stand on, and it is
 * gone (deleted, or its upload failed); bottomless would replay the frames onto an empty file.
 */
function lostBase(byId: ReadonlyMap<string, Generation>, root: Generation): string | null {
  const older = [...byId.values()].filter((g) => g.createdMs < root.createdMs).length;
  if (!root.changeCounter && older === 0) return null;
  const kind = root.batches[0]?.compression;
  const snapshot = `${root.folder}${kind ? `db.${kind}` : 'db.zstd, db.gz or db.raw'}`;
  const why = root.changeCounter
    ? 'its .changecounter, uploaded only after its snapshot, says it had one'
    : `${older} older generation(s) in the bucket say it is not the database's first, which alone starts empty`;
  return (
    `generation ${root.id} has no snapshot and no .dep, yet ${why}: its snapshot (${snapshot}) is missing, and ` +
    `nothing else holds the database its frames continue (bottomless would replay them onto an empty file); ` +
    `put the snapshot back, or restore a point of an older generation (segscope points lists them)`
  );
}

/**
 * The generations a restore of `chosen` replays, oldest first: its `.dep` parents back to the first
 * with a snapshot, at most MAX_CHAIN_DEPTH of them, or to the first generation of the database (no
 * `.dep`, no snapshot, nothing older); or why there is no such chain.
 */
export function walkChain(byId: ReadonlyMap<string, Generation>, chosen: Generation): GenerationChain {
  const chain: Generation[] = [chosen];
  let current = chosen;
  let snapshot = snapshotOf(current);
  while (!snapshot) {
    if (chain.length > MAX_CHAIN_DEPTH) {
      return {
        broken: 'deep',
        message:
          `generation ${chosen.id} has no snapshot within ${MAX_CHAIN_DEPTH + 1} generations of its .dep chain; ` +
          `sqld itself cannot restore it`,
      };
    }
    const depProblem =
      current.dep && current.parent === null
        ? current.problems.find((p) => p.message.startsWith(current.dep?.key ?? '\0'))
        : undefined;
    if (depProblem) return { broken: 'dep', message: `${depProblem.message}; the chain to a snapshot is broken` };
    if (current.parent === null) {
      const lost = current.dep ? null : lostBase(byId, current);
      if (lost !== null) return { broken: 'base', message: lost, root: current };
      break;
    }
    const parent = byId.get(current.parent);
    if (!parent) {
      return {
        broken: 'missing',
        message:
          `generation ${current.id} continues ${current.parent}, which the bucket does not hold: its frames ` +
          `would land on the wrong database`,
      };
    }
    if (chain.includes(parent))
      return { broken: 'cycle', message: `the .dep chain from ${chosen.id} runs in a circle through ${parent.id}` };
    chain.push(parent);
    current = parent;
    snapshot = snapshotOf(current);
  }
  return { chain: chain.reverse(), snapshot };
}

/** The same, refusing a generation no restore can stand on (GENERATION_CHAIN). */
export function chainToSnapshot(
  byId: ReadonlyMap<string, Generation>,
  chosen: Generation,
): { chain: Generation[]; snapshot: SnapshotObject | null } {
  const walked = walkChain(byId, chosen);
  if ('broken' in walked) throw new SegscopeError('GENERATION_CHAIN', walked.message);
  return walked;
}
