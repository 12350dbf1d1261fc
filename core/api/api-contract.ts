import type { BucketLayout, PublicSettings, RemoteSettings } from '../model/settings.js';
import type {
  CompareResult,
  FetchResult,
  FetchedSegments,
  FirstRows,
  InspectResult,
  LayoutName,
  ListResult,
  NamespacesResult,
  PointsResult,
  MetaResult,
  RestoreResult,
  StoreResult,
  VerifyResult,
} from '../model/results.js';
import type { PageView } from '../inspect/page-view.js';
import type { RemoteListing } from '../layouts/remote.js';
import type { DiffResult } from '../timetravel/diff.js';
import type { PointRequest } from '../timetravel/point-database.js';
import type { SqlResult } from '../timetravel/sql.js';

/**
 * The one API object: Electron's IPC, the browser mode's HTTP transport and the
 * tests all bind `createSegscopeApi(settings)`, which implements this. Every method takes one
 * plain argument object (validated by the schemas in schemas.ts wherever it crosses a process
 * boundary) and returns plain data. Segments are named by file name within the open namespace,
 * never by an arbitrary path from the renderer.
 */
export interface SegscopeApi {
  getSettings(input: Record<string, never>): Promise<PublicSettings>;
  /** Opens a directory of any layout (detected unless given); `list` or `listFirst` then read it. */
  openDirectory(input: { dir: string; namespace?: string; layout?: LayoutName }): Promise<PublicSettings>;
  /**
   * `namespace`: a name, or an id from `namespaces` (layout and name, model/namespace-id.ts), which a
   * bucket holding one name in two layouts needs: a bare name two layouts hold is refused
   * (AMBIGUOUS_NAMESPACE). `fetchByFrame` and `meta` take the same.
   */
  selectNamespace(input: { namespace: string }): Promise<PublicSettings>;
  namespaces(input: Record<string, never>): Promise<NamespacesResult>;
  /** The open namespace's listing (the one a `listFirst` just started, when there is one). */
  list(input: Record<string, never>): Promise<ListResult>;
  /**
   * Starts a listing and answers with its first `rows` rows as soon as they are read (a folder of
   * 100,000 segments shows its first screen long before it is read through); `list` then answers
   * with that listing whole instead of starting another.
   */
  listFirst(input: { rows: number }): Promise<FirstRows>;
  /** Every point a restore can stand at in the open namespace. */
  points(input: Record<string, never>): Promise<PointsResult>;
  listRemote(input: Record<string, never>): Promise<RemoteListing>;
  inspect(input: { file: string; frames?: boolean }): Promise<InspectResult>;
  /**
   * `task`: the caller's name for a verify made of several calls (the screen's Verify all), which
   * a `cancelVerify` of the same task ends even in calls that arrive after it. `files`: those
   * files' own checks alone; `scope: 'namespace'`: the open namespace's checks but for its listed
   * segments' own (the rest of what a verify of the namespace checks: the chain, the database
   * file, `data-wal` and the remote's objects), which, with calls of files for every other row,
   * is the whole of `segscope verify`, each file read once. Neither: the whole namespace.
   */
  verify(input: { files?: string[]; scope?: 'namespace'; task?: string }): Promise<VerifyResult>;
  compare(input: { a: string; b: string }): Promise<CompareResult>;
  /** One page of a segment: hex bytes and SQLite's page (and, for page 1, database) header. */
  readPage(input: { file: string; pageNo: number }): Promise<PageView>;
  /**
   * Stores files by their paths: the desktop app's dropped files, and the browser mode's, which
   * its HTTP transport first streams to a private temporary folder (server/upload.ts).
   */
  storeFiles(input: { paths: string[]; replace?: boolean }): Promise<StoreResult>;
  fetchByFrame(input: {
    frameNo: bigint;
    namespace?: string;
    destDir: string;
    replace?: boolean;
  }): Promise<FetchResult>;
  /** Copies the remote segment holding the frame into this disk's cache (the seed's segments folder). */
  fetchToCache(input: { frameNo: bigint }): Promise<ListResult>;
  meta(input: { namespace?: string }): Promise<MetaResult>;
  setRemote(input: RemoteSettings): Promise<PublicSettings>;
  /** Checks a remote (the given one, or the configured one) and says what it reached. */
  testRemote(input: { remote?: RemoteSettings }): Promise<{
    description: string;
    segments: number;
    layout: BucketLayout | null;
    namespaces: number | null;
  }>;
  restore(input: {
    out: string;
    untilFrameNo?: bigint;
    /** Bottomless: the generation `untilFrameNo` is a frame of (alone: its newest commit). */
    generation?: string;
    untilTime?: string;
    /** A default-mode namespace: a commit of its SQLite WAL file by SQLite's frame index (0: `data` alone). */
    untilWalFrame?: bigint;
    allowGaps?: boolean;
  }): Promise<RestoreResult>;
  /** One read-only statement on the open namespace's database as of a point (newest without one). */
  /**
   * `timeoutSeconds`: the query's time limit (default: the settings', else 30 s); past it the
   * query process is ended and the call fails with QUERY_TIMEOUT.
   */
  sql(input: {
    query: string;
    atFrameNo?: bigint;
    /** Bottomless: the generation `atFrameNo` is a frame of. */
    generation?: string;
    atTime?: string;
    atWalFrame?: bigint;
    allowGaps?: boolean;
    limit?: number;
    timeoutSeconds?: number;
  }): Promise<SqlResult & FetchedSegments>;
  /** Ends the query that is running (it answers CANCELLED). */
  cancelQuery(input: Record<string, never>): Promise<{ cancelled: boolean }>;
  /** Ends the restores running (they answer CANCELLED, nothing written); `cancelled`: one was. */
  cancelRestore(input: Record<string, never>): Promise<{ cancelled: boolean }>;
  /**
   * Ends the verifies running, their threads too (they answer CANCELLED); `cancelled`: one was.
   * With a `task`, that task's later calls answer CANCELLED without checking anything.
   */
  cancelVerify(input: { task?: string }): Promise<{ cancelled: boolean }>;
  /** Schema and row changes between two points of the open namespace. */
  /** `timeoutSeconds` as for sql: past it the diff's process is ended (QUERY_TIMEOUT). */
  diff(input: {
    from: PointRequest;
    to: PointRequest;
    limit?: number;
    timeoutSeconds?: number;
  }): Promise<DiffResult & FetchedSegments>;
}

export type ApiMethod = keyof SegscopeApi;
