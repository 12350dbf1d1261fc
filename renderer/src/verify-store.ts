import { create } from 'zustand';
import type { ListedSegment, VerifiedSegment } from '../../core/model/results.js';
import { call } from './bridge.js';
import { type Shown, describeError } from './format.js';

/**
 * Files per verify call, growing: the first rows' statuses come back within moments, later calls
 * are large enough that the per-call cost stays small beside the checksums themselves.
 */
const BATCHES = [64, 1024];
const LARGEST = 8192;

interface VerifyState {
  /** Each checked file's outcome; a file not in it was not checked. */
  results: ReadonlyMap<string, VerifiedSegment>;
  /** The checked files that failed; the same object until a batch adds one, so drawings keyed on it stay. */
  failed: ReadonlySet<string>;
  running: boolean;
  done: number;
  total: number;
  error: Shown | null;
  /** Checks every segment on this disk, in calls of growing size, filling `results` as each ends. */
  verifyAll: (segments: readonly ListedSegment[]) => Promise<void>;
  /** No further call is made, and the one running is ended; files checked before it keep their outcomes. */
  cancel: () => void;
  /** Forgets the outcomes (another namespace or directory, or a reload). */
  reset: () => void;
}

export const useVerify = create<VerifyState>()((set, get) => {
  // Each run is numbered, so one cancelled or overtaken stops at its next call.
  let run = 0;
  return {
    results: new Map(),
    failed: new Set(),
    running: false,
    done: 0,
    total: 0,
    error: null,
    async verifyAll(segments) {
      const mine = ++run;
      const files = segments.filter((s) => s.location !== 'remote').map((s) => s.file);
      set({ running: true, done: 0, total: files.length, error: null, results: new Map(), failed: new Set() });
      let at = 0;
      let calls = 0;
      // Each call costs a round trip in which the server verifies nothing (its reply encoded, sent
      // and decoded): a remainder under half a batch rides with the batch before it, and the next
      // call is on its way before this one's outcomes are put on screen.
      const nextCall = () => {
        const size = BATCHES[calls++] ?? LARGEST;
        const end = files.length - (at + size) < size / 2 ? files.length : at + size;
        const batch = files.slice(at, end);
        at = end;
        return call('verify', { files: batch });
      };
      let pending = files.length > 0 ? nextCall() : null;
      while (pending) {
        try {
          const result = await pending;
          if (mine !== run) return;
          pending = at < files.length ? nextCall() : null;
          const results = new Map(get().results);
          for (const s of result.segments) results.set(s.file, s);
          const bad = result.segments.filter((s) => !s.ok).map((s) => s.file);
          const failed = bad.length > 0 ? new Set([...get().failed, ...bad]) : get().failed;
          set({ results, failed, done: get().done + result.segments.length });
        } catch (error) {
          if (mine === run) set({ running: false, error: describeError(error) });
          return;
        }
      }
      set({ running: false });
    },
    cancel() {
      run++;
      set({ running: false });
      // The call under way ends too, its threads with it, not only the calls after it.
      void call('cancelVerify', {}).catch(() => undefined);
    },
    reset() {
      run++;
      set({ results: new Map(), failed: new Set(), running: false, done: 0, total: 0, error: null });
    },
  };
});

/** Words for what was checked of a segment: never more than that. */
export function statusText(segment: ListedSegment, verified: VerifiedSegment | undefined): string {
  if (verified) {
    if (verified.ok) return segment.status === 'unsealed' ? 'unsealed, verified' : 'verified';
    const first = verified.problems.find((p) => p.severity !== 'warning') ?? verified.problems[0];
    return first?.code ?? 'failed';
  }
  if (segment.status === 'ok') return 'header ok';
  if (segment.status === 'unchecked') return 'remote, not checked';
  return segment.status.replace(/_/g, ' ');
}

/** The kind of mark a status gets: good, bad, or neither (unchecked, unsealed). */
export function statusKind(segment: ListedSegment, verified: VerifiedSegment | undefined): 'good' | 'bad' | 'plain' {
  if (verified) return verified.ok ? 'good' : 'bad';
  return segment.status === 'ok'
    ? 'plain'
    : segment.status === 'unsealed' || segment.status === 'unchecked'
      ? 'plain'
      : 'bad';
}

/**
 * How bad a row's status is, for sorting by Status: verified, then read no further than the
 * header (unsealed, remote), then a header problem, then a failed verify with warnings only,
 * then a failed verify with errors. Rows of one rank sort by the words shown.
 */
export function statusRank(segment: ListedSegment, verified: VerifiedSegment | undefined): number {
  if (verified) {
    if (verified.ok) return 0;
    return verified.problems.some((p) => p.severity === 'error') ? 5 : 4;
  }
  if (segment.status === 'ok') return 1;
  if (segment.status === 'unsealed' || segment.status === 'unchecked') return 2;
  return 3;
}
