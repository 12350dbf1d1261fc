/** Long work (store, upload, fetch, verify, restore) reports through these events. */
export interface ProgressEvent {
  /** Identifies one operation, so the UI can keep one bar per operation. */
  id: string;
  phase: string;
  done: number;
  total: number;
  /**
   * The operation ended before `done` reached `total`: it failed or was cancelled, and its bar
   * goes (progressOfCall sends it; nothing of the operation comes after it).
   */
  stopped?: true;
}

/** Whether an event is its operation's last: done reaching total, or stopped short of it. */
export function isLastProgress(event: ProgressEvent): boolean {
  return event.done >= event.total || event.stopped === true;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** What a person can see change: about ten redraws a second of one operation's bar. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * The listener, sent at most one event per operation every `intervalMs`: verifying 10,000 files
 * would otherwise redraw the status bar 10,000 times. An operation's first event and its last
 * (isLastProgress) pass at once; an event held back is sent when its interval ends, unless a
 * newer one of the same operation replaced it, so the bar always ends on the last event sent.
 */
export function throttleProgress(listener: ProgressListener, intervalMs = PROGRESS_INTERVAL_MS): ProgressListener {
  const sentAt = new Map<string, number>();
  const held = new Map<string, ProgressEvent>();
  const timers = new Map<string, NodeJS.Timeout>();
  const send = (event: ProgressEvent, now: number) => {
    held.delete(event.id);
    clearTimeout(timers.get(event.id));
    timers.delete(event.id);
    // A finished operation is forgotten: its id is not used again, and nothing of it is held.
    if (isLastProgress(event)) sentAt.delete(event.id);
    else sentAt.set(event.id, now);
    listener(event);
  };
  return (event) => {
    const now = Date.now();
    const last = sentAt.get(event.id);
    if (last === undefined || isLastProgress(event) || now - last >= intervalMs) {
      send(event, now);
      return;
    }
    held.set(event.id, event);
    if (timers.has(event.id)) return;
    const timer = setTimeout(
      () => {
        const latest = held.get(event.id);
        timers.delete(event.id);
        if (latest) send(latest, Date.now());
      },
      last + intervalMs - now,
    );
    // A held event never keeps a finished command's process alive.
    timer.unref();
    timers.set(event.id, timer);
  };
}

/**
 * A listener for one call's long work, and `end`, to run when the call has settled: it stops every
 * operation of the call still short of its total, since work that fails or is cancelled midway (a
 * restore refused at its second segment) sends no last event and its bar would stay up for good.
 * Nothing the call's work sends after `end` is passed on.
 */
export function progressOfCall(listener: ProgressListener): { onProgress: ProgressListener; end: () => void } {
  const open = new Map<string, ProgressEvent>();
  let ended = false;
  return {
    onProgress: (event) => {
      if (ended) return;
      if (isLastProgress(event)) open.delete(event.id);
      else open.set(event.id, event);
      listener(event);
    },
    end: () => {
      ended = true;
      for (const event of open.values()) listener({ ...event, stopped: true });
      open.clear();
    },
  };
}
