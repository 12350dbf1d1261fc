import { SegscopeError } from '../errors.js';
import type { FirstRowsWatch } from '../layouts/layout.js';
import { PROGRESS_INTERVAL_MS, type ProgressListener, progressOfCall, throttleProgress } from '../progress.js';
import { PointDatabases } from '../timetravel/point-database.js';
import { QueryProcess } from '../timetravel/query-process.js';
import type { PublicSettings, SegscopeSettings } from '../model/settings.js';
import type { ListResult } from '../model/results.js';
import { type NamespaceTarget, Workspace } from './workspace.js';

export interface ApiOptions {
  /** Gets at most one event per operation every `progressIntervalMs` (throttleProgress), and always the last. */
  onProgress?: ProgressListener;
  /** 0: every event, for a caller that counts them; default PROGRESS_INTERVAL_MS. */
  progressIntervalMs?: number;
  /** Called after settings change, so the desktop app can persist them. */
  onSettingsChange?: (settings: SegscopeSettings) => void;
  /** Whether a saved secret outlives the session (the desktop app with a real OS key store). */
  secretPersisted?: boolean;
  /**
   * Aborted when the app or server stops: the API then lets go of what it holds (the query
   * process, the databases built for past points, the open workspace). The release finishes
   * before the process exits on its own, since its work keeps the event loop alive.
   */
  signal?: AbortSignal;
}

/**
 * What ends a call's work: cancelQuery stops the queries and diffs (the restores of their points
 * too, not only the query process), cancelRestore the restores, cancelVerify the verifies.
 */
export type WorkKind = 'query' | 'restore' | 'verify';

/** A listing a `listFirst` started, which the next `list` of the same namespace answers with. */
export interface StartedListing {
  w: Workspace;
  id: string;
  listing: Promise<ListResult>;
}

/**
 * What every method of the API object shares: the settings, the workspace they open, the work
 * running (to cancel it), the progress sent, and what the queries keep between calls.
 */
export class ApiSession {
  settings: SegscopeSettings;
  /** The listing a `listFirst` started, until the next `list` takes it or a settings change drops it. */
  started: StartedListing | null = null;
  /** Databases built for queries at past points, kept for the next query at the same point. */
  readonly points = new PointDatabases();
  readonly queries = new QueryProcess();
  private opened: Promise<Workspace> | null = null;
  private readonly running: Record<WorkKind, Set<AbortController>> = {
    query: new Set(),
    restore: new Set(),
    verify: new Set(),
  };
  private readonly sendProgress: ProgressListener | undefined;

  constructor(
    initial: SegscopeSettings,
    private readonly options: ApiOptions,
  ) {
    this.settings = { ...initial };
    // Throttled here, the one path every screen's progress takes (the browser mode's server, Electron's IPC).
    const interval = options.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
    this.sendProgress =
      options.onProgress && interval > 0 ? throttleProgress(options.onProgress, interval) : options.onProgress;
    options.signal?.addEventListener('abort', () => {
      void this.queries.close();
      void this.points.dispose();
      void this.opened?.then((w) => w.close()).catch(() => undefined);
    });
  }

  /** The settings as a front end sees them: an S3 secret only as whether there is one. */
  publicSettings(): PublicSettings {
    const { remote } = this.settings;
    const secretPersisted = this.options.secretPersisted ?? false;
    if (remote.kind !== 's3') return { ...this.settings, remote, secretPersisted };
    const { secretAccessKey, ...rest } = remote;
    return { ...this.settings, remote: { ...rest, hasSecretAccessKey: secretAccessKey !== null }, secretPersisted };
  }

  /** Keeps settings that leave the open workspace as it is (the namespace chosen). */
  keepSettings(next: SegscopeSettings): void {
    this.settings = next;
    this.options.onSettingsChange?.(next);
  }

  /** New settings: the workspace open is closed first, and the next call opens one by them. */
  async changeSettings(next: SegscopeSettings): Promise<void> {
    const previous = this.opened;
    this.opened = null;
    this.started = null;
    await previous?.then((w) => w.close()).catch(() => undefined);
    this.keepSettings(next);
  }

  current(): Promise<Workspace> {
    const dir = this.settings.dir;
    if (dir === null)
      return Promise.reject(new SegscopeError('INVALID_ARGUMENT', 'no segment directory is open: open one first'));
    if (!this.opened) {
      const opening = Workspace.open(dir, {
        layout: this.settings.layout ?? undefined,
        remote: this.settings.remote,
        keepListings: true,
      });
      opening.catch(() => {
        if (this.opened === opening) this.opened = null;
      });
      this.opened = opening;
    }
    return this.opened;
  }

  /** The namespace a call names (an id or a bare name), else the one chosen, and the workspace reading it. */
  async target(requested?: string): Promise<NamespaceTarget> {
    return (await this.current()).target(requested ?? this.settings.namespace ?? undefined);
  }

  /** The namespace's listing, its rows made plain objects to cross IPC or HTTP. */
  async listing({ workspace, name }: NamespaceTarget, first?: FirstRowsWatch): Promise<ListResult> {
    const result = await workspace.list(name, first);
    return { ...result, segments: Array.from(result.segments) };
  }

  /** Where a file of the chosen namespace lies. */
  async filePath(file: string): Promise<string> {
    const { workspace, name } = await this.target();
    return workspace.filePath(name, file);
  }

  /** Runs work that a cancel of its kind ends through the signal it is given. */
  async cancellable<T>(kind: WorkKind, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.running[kind].add(controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running[kind].delete(controller);
    }
  }

  cancel(kind: WorkKind): { cancelled: boolean } {
    const any = this.running[kind].size > 0;
    for (const controller of this.running[kind]) controller.abort();
    return { cancelled: any };
  }

  /** Runs one call's long work with a listener of its own, stopping the bars it leaves unfinished (progressOfCall). */
  async withProgress<T>(work: (onProgress: ProgressListener | undefined) => Promise<T>): Promise<T> {
    if (!this.sendProgress) return work(undefined);
    const call = progressOfCall(this.sendProgress);
    try {
      return await work(call.onProgress);
    } finally {
      call.end();
    }
  }
}
