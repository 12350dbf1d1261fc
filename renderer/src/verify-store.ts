import { create } from 'zustand';
import type { ListedSegment, VerifiedSegment } from '../../core/model/results.js';
import { readByNamespaceChecks } from '../../core/model/verify-scope.js';
import { call } from './bridge.js';
import { type Shown, describeError } from './format.js';
import { fetchedFirst } from './segment-row.js';

/** The first call's files: the rows in view get their statuses within moments. */
const FIRST = 64;
/**
 * Files per later call: small enough that the last reply (encoded, sent, decoded and drawn after
 * every check is done) costs little, large enough that a call's own cost stays small beside its checks.
 */
const CHUNK = 1024;
/**
 * Calls under way at once: while one reply is encoded, sent, decoded and drawn, the server is
 * already checking the next call's files, so it is never idle between calls.
 */
const IN_FLIGHT = 2;

/** The namespace's own checks, asked for once, after every call of files has set off. */
const NAMESPACE = 'namespace' as const;

/**
 * The files in calls: FIRST, then CHUNK each; a remainder under half a chunk rides with the call
 * before it; then the call for the namespace's checks.
 */
function verifyCalls(files: readonly string[]): (string[] | typeof NAMESPACE)[] {
  const calls: (string[] | typeof NAMESPACE)[] = [];
  for (let at = 0; at < files.length;) {
    const size = calls.length === 0 ? FIRST : CHUNK;
    const end = files.length - (at + size) < size / 2 ? files.length : at + size;
    calls.push(files.slice(at, end));
    at = end;
  }
  calls.push(NAMESPACE);
  return calls;
}

/** One file's outcomes from two calls (its own checks, and what the namespace's found of it) as one. */
function joined(a: VerifiedSegment | undefined, b: VerifiedSegment): VerifiedSegment {
  return a ? { file: a.file, ok: a.ok && b.ok, problems: [...a.problems, ...b.problems] } : b;
}

interface VerifyState {
  /** Each checked file's outcome; a file not in it was not checked. */
  results: ReadonlyMap<string, VerifiedSegment>;
  /** The checked files that failed; the same object until a batch adds one, so drawings keyed on it stay. */
  failed: ReadonlySet<string>;
  /** What the namespace's checks found that is no row's: the chain, the database file, a sentinel, remote objects. */
  findings: readonly VerifiedSegment[];
  /** Set when a verify has run whole: every outcome, the rows' and the findings', for its summary. */
  outcome: readonly VerifiedSegment[] | null;
  running: boolean;
  done: number;
  total: number;
  error: Shown | null;
  /**
   * Checks every segment, IN_FLIGHT calls at a time, filling `results` as each ends, and then the
   * namespace as a whole: what `segscope verify` checks, each file read once.
   */
  verifyAll: (segments: readonly ListedSegment[]) => Promise<void>;
  /** No further call is made, and the ones running are ended; files checked before them keep their outcomes. */
  cancel: () => void;
  /** Forgets the outcomes (another namespace or directory, or a reload). */
  reset: () => void;
}

/** The outcomes before a verify has found anything. */
const NOTHING_FOUND: Pick<VerifyState, 'results' | 'failed' | 'findings' | 'outcome'> = {
  results: new Map(),
  failed: new Set(),
  findings: [],
  outcome: null,
};

/** This page's own prefix for its verify tasks: other tabs served by the same `segscope serve` have theirs. */
const PAGE = Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join('');

export const useVerify = create<VerifyState>()((set, get) => {
  // Each run is numbered, so one cancelled, failed or overtaken stops at its next call.
  let run = 0;
  const task = (n: number) => `verify-${PAGE}-${n}`;
  // Ends the run's calls under way on the server too, and any of them still on its way there.
  const stop = (n: number) => void call('cancelVerify', { task: task(n) }).catch(() => undefined);
  return {
    ...NOTHING_FOUND,
    running: false,
    done: 0,
    total: 0,
    error: null,
    async verifyAll(segments) {
      const mine = ++run;
      // A segment only the remote holds is fetched and checked by the namespace's call, as the
      // command does; so is data-wal, which that call reads whole anyway.
      const files = segments.filter((s) => !fetchedFirst(s) && !readByNamespaceChecks(s)).map((s) => s.file);
      const rows = new Set(segments.map((s) => s.file));
      set({ running: true, done: 0, total: segments.length, error: null, ...NOTHING_FOUND });
      const calls = verifyCalls(files);
      let next = 0;
      const lane = async (): Promise<void> => {
        for (let batch = calls[next++]; batch && mine === run; batch = calls[next++]) {
          const asked = batch === NAMESPACE ? { scope: NAMESPACE } : { files: batch };
          const result = await call('verify', { ...asked, task: task(mine) });
          if (mine !== run) return;
          // One store update a reply: the rows redraw once for all its outcomes.
          const results = new Map(get().results);
          const findings = [...get().findings];
          for (const s of result.segments)
            if (rows.has(s.file)) results.set(s.file, joined(results.get(s.file), s));
            else findings.push(s);
          const bad = result.segments.filter((s) => !s.ok && rows.has(s.file)).map((s) => s.file);
          const failed = bad.length > 0 ? new Set([...get().failed, ...bad]) : get().failed;
          set({ results, failed, done: results.size });
          if (findings.length > get().findings.length) set({ findings });
        }
      };
      try {
        await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
        if (mine === run) set({ running: false, outcome: [...get().results.values(), ...get().findings] });
      } catch (error) {
        if (mine !== run) return;
        // The other call still under way is ended too: its outcomes would come after the error.
        run++;
        set({ running: false, error: describeError(error) });
        stop(mine);
      }
    },
    cancel() {
      // The calls under way end too, their threads with them, not only the calls after them.
      if (get().running) stop(run);
      run++;
      set({ running: false });
    },
    reset() {
      if (get().running) stop(run);
      run++;
      set({ running: false, done: 0, total: 0, error: null, ...NOTHING_FOUND });
    },
  };
});
