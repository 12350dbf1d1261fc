import { join } from 'node:path';
import type { Location, NamespaceKind, UnrecognizedFile } from '../model/results.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { SegscopeError } from '../errors.js';
import { FolderObjectStore } from '../storage/folder-object-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { GenerationsBucket, type NamespaceBackup } from './bottomless-generations.js';
import type { GenerationsAccess, Layout, NamespaceListing } from './layout.js';
import { SegmentRowsBuilder } from './segment-rows.js';

/**
 * sqld's bottomless backups as a layout: a bucket (a `file://` folder, S3) or the staging folder
 * sqld leaves (`./<bucket>/<db_name>-<generation>/`). Namespaces are the db_names' namespaces;
 * a namespace's segments are each generation's snapshot (its point 0) and WAL batches, each with
 * its generation (frames restart at 1 in every generation). Read only: it belongs to sqld.
 */
export class BottomlessLayout implements Layout, GenerationsAccess {
  readonly name = 'bottomless';
  readonly writable = false;
  readonly defaultNamespace = DEFAULT_NAMESPACE;
  readonly bucket: GenerationsBucket;
  readonly generations: GenerationsAccess = this;
  private readonly backups = new Map<string, NamespaceBackup>();

  /**
   * `root`: the folder, or the bucket's URL (`s3://bucket`) the rows' paths start with. Over S3 a
   * row's path names the object, not a file: what reads it goes through `bucket`.
   */
  /**
   * `othersBeside`: the bucket's other layouts are listed beside this one (a bucket opened by
   * `--remote` alone, no `--remote-layout`), so they need no note. `location`: 'remote' where the
   * folder or S3 bucket was named as a bucket (`--remote`), whose objects its rows then are.
   */
  constructor(
    readonly root: string,
    store: ObjectStore = new FolderObjectStore(root),
    private readonly othersBeside = false,
    readonly location: Location = 'local',
  ) {
    this.bucket = new GenerationsBucket(store);
  }

  namespaceKind(): Promise<NamespaceKind> {
    return Promise.resolve('bottomless');
  }

  /** Whether the rows' paths are files on this machine (a folder or a `file://` bucket). */
  get local(): boolean {
    return !/^[a-z][a-z0-9]*:\/\//.test(this.root);
  }

  close(): Promise<void> {
    return this.bucket.close();
  }

  async namespaceNames(): Promise<{ names: string[]; unrecognized: UnrecognizedFile[] }> {
    const scan = await this.bucket.scan();
    const counts = new Map<string, number>();
    for (const n of scan.namespaces) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
    // A namespace backed up under two db_names (its id changed) is shown under each db_name.
    const names = [...new Set(scan.namespaces.map((n) => ((counts.get(n.name) ?? 0) > 1 ? n.dbName : n.name)))];
    return { names, unrecognized: scan.unrecognized };
  }

  /**
   * The bucket's other layouts Segscope reads, where they are not listed beside this one: a note
   * saying how to see their namespaces, never a key no layout reads.
   */
  async describe(): Promise<{ configs: Map<string, Record<string, string>>; notes: string[] }> {
    const others = this.othersBeside ? [] : (await this.bucket.scan()).otherLayouts;
    const bucket = this.local ? `file://${this.root}` : this.root;
    const notes = others.map(
      (l) =>
        `${this.root} also holds ${l} objects (${l === 'libsql-wal' ? 'v2/' : 'ns-…-v2/'}): --remote ${bucket} ` +
        `without --remote-layout lists their namespaces beside these`,
    );
    return { configs: new Map(), notes };
  }

  /** The namespace's generations and their objects, read once per layout (a command reads it once). */
  async backup(namespace: string): Promise<NamespaceBackup> {
    let found = this.backups.get(namespace);
    if (!found) {
      found = await this.bucket.read(namespace);
      this.backups.set(namespace, found);
    }
    return found;
  }

  async list(namespace: string): Promise<NamespaceListing> {
    const backup = await this.backup(namespace);
    const count = backup.generations.reduce((n, g) => n + g.snapshots.length + g.batches.length, 0);
    const rows = new SegmentRowsBuilder(this.root, count, this.location);
    for (const g of backup.generations) {
      // The database as the generation began: its point 0, before its frame 1 (a range of no frame).
      for (const s of g.snapshots) {
        rows.add({
          file: s.key,
          format: 'bottomless-snapshot',
          status: 'ok',
          startFrameNo: 0n,
          endFrameNo: 0n,
          size: Number(s.size),
          // To the second, as the batches' times are: the generation's id holds the milliseconds.
          createdAt: Math.floor(Number(g.createdMs) / 1000) * 1000,
          generation: g.id,
        });
      }
      for (const b of g.batches) {
        rows.add({
          file: b.key,
          format: 'bottomless-batch',
          status: g.meta ? 'ok' : 'unchecked',
          startFrameNo: BigInt(b.firstFrameNo),
          endFrameNo: BigInt(b.lastFrameNo),
          size: Number(b.size),
          createdAt: b.timestampSecs * 1000,
          generation: g.id,
        });
      }
    }
    const problems = [...backup.problems, ...backup.generations.flatMap((g) => g.problems)];
    const unrecognized = [
      ...backup.foreign,
      ...problems.map((p) => ({ file: backup.dbName, code: p.code, message: p.message })),
    ];
    return { segments: rows.finish(), unrecognized, database: null };
  }

  filePath(_namespace: string, file: string): string {
    const parts = file.split('/');
    if (parts.length > 2 || parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p))) {
      throw new SegscopeError('UNSAFE_PATH', `"${file}" is not a key of a bottomless bucket; refused`);
    }
    return this.local ? join(this.root, ...parts) : `${this.root}/${parts.join('/')}`;
  }
}
