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
  | { broken: 'deep' | 'missing' | 'cycle' | 'dep'; message: string };

/**
 * The generations a restore of `chosen` replays, oldest first: its `.dep` parents back to the first
 * with a snapshot, at most MAX_CHAIN_DEPTH of them, or to the first generation of the database (no
 * `.dep`); or why there is no such chain.
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
    if (current.parent === null) break;
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
