import type { UnrecognizedFile } from '../model/results.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { BottomlessCompression } from '../format/bottomless-batch-key.js';
import { SQLITE_WAL_FRAME_HEADER_SIZE } from '../format/sqlite-wal.js';
import {
  type GenerationMeta,
  parseChangeCounter,
  parseDep,
  parseMeta,
  parseTombstone,
} from '../format/bottomless-meta.js';
import { decompressSmall, decompressStream } from '../format/bounded-decompress.js';
import type { Problem } from '../model/problem.js';
import { boundedBody } from '../storage/bounded-body.js';
import { listPages } from '../storage/list-pages.js';
import { REMOTE_BUDGET, bodyDeadlineMs } from '../storage/remote-budget.js';
import type { ListedObject, ObjectStore } from '../storage/object-store.js';
import {
  type BatchObject,
  type GenerationObjects,
  type NamespaceObjects,
  sortNamespaceKeys,
} from './bottomless-objects.js';
import { dbNameOfFolder, parseDbName } from './bottomless-names.js';
import { layoutOfFolder, unknownKey } from './bucket-top.js';

/** A generation with its small objects read. */
export interface Generation extends GenerationObjects {
  metaValue: GenerationMeta | null;
  parent: string | null;
  changeCounterValue: number | null;
}

export interface NamespaceBackup extends Omit<NamespaceObjects, 'generations'> {
  namespace: string;
  generations: Generation[];
  /** Unix seconds: generations created at or before it are deleted. */
  tombstoneSecs: bigint | null;
  problems: Problem[];
}

export interface BucketNamespace {
  name: string;
  dbName: string;
  generations: number;
}

export interface BucketScan {
  namespaces: BucketNamespace[];
  /** Other layouts whose keys the bucket holds beside bottomless's. */
  otherLayouts: ('libsql-wal' | 'seed-bucket')[];
  unrecognized: UnrecognizedFile[];
}

/** `.meta`, `.dep` and friends are a few bytes; anything much larger is not one. */
const SMALL_OBJECT_LIMIT = 4096n;
/** Batches up to this size as stored are decoded whole once they arrive (decompressSmall); larger ones stream. */
const SMALL_BATCH_BYTES = 64n << 10n;
/** A snapshot is a whole database: bounded by what SQLite itself can hold here. */
export const MAX_SNAPSHOT_BYTES = 64n << 30n;

/**
 * sqld's bottomless backups in a bucket (S3, a `file://` folder, or a staging folder sqld left):
 * `{db_name}-{generation}/` folders of a snapshot, `.meta`, `.dep`, `.changecounter` and batches
 * of WAL frames, and `{db_name}.tombstone`. Speaks only the ObjectStore interface.
 */
export class GenerationsBucket {
  constructor(readonly store: ObjectStore) {}

  private scanned: Promise<BucketScan> | null = null;

  /** The bucket's top level: the namespaces of its generation folders, other layouts, the rest. Read once. */
  scan(): Promise<BucketScan> {
    this.scanned ??= this.scanTop();
    this.scanned.catch(() => (this.scanned = null));
    return this.scanned;
  }

  private async scanTop(): Promise<BucketScan> {
    const counts = new Map<string, number>();
    const other = new Set<'libsql-wal' | 'seed-bucket'>();
    const unrecognized: UnrecognizedFile[] = [];
    for await (const page of listPages(this.store, '', '/')) {
      for (const prefix of page.prefixes) {
        const dbName = dbNameOfFolder(prefix);
        const layout = layoutOfFolder(prefix);
        if (dbName !== null) counts.set(dbName, (counts.get(dbName) ?? 0) + 1);
        else if (layout === 'libsql-wal' || layout === 'seed-bucket') other.add(layout);
        else unrecognized.push(unknownKey(prefix));
      }
      for (const object of page.objects)
        if (!object.key.endsWith('.tombstone')) unrecognized.push(unknownKey(object.key));
    }
    const namespaces = [...counts].map(([dbName, generations]) => ({
      name: parseDbName(dbName).namespace,
      dbName,
      generations,
    }));
    return { namespaces, otherLayouts: [...other], unrecognized };
  }

  /** The db_name a namespace stands for: its own name, or the one namespace whose name reads as it. */
  async dbNameOf(namespace: string): Promise<string> {
    const { namespaces, unrecognized } = await this.scan();
    const exact = namespaces.find((n) => n.dbName === namespace);
    if (exact) return exact.dbName;
    const matching = namespaces.filter((n) => n.name === namespace);
    const only = matching[0];
    if (only && matching.length === 1) return only.dbName;
    if (matching.length > 1) {
      throw new SegscopeError(
        'INVALID_ARGUMENT',
        `namespace "${namespace}" has backups under ${matching.map((m) => m.dbName).join(', ')}; name one of ` +
          `them with --namespace`,
      );
    }
    if (namespaces.length === 0) {
      const unknown = unrecognized.slice(0, 5).map((u) => u.file);
      const only = unknown.length > 0 ? `, only keys no layout reads (${unknown.join(', ')})` : '';
      throw new SegscopeError(
        'NOT_FOUND',
        `${this.store.description} holds no bottomless backup${only}; check --remote, or name the layout ` +
          `with --remote-layout`,
      );
    }
    throw new SegscopeError(
      'NOT_FOUND',
      `${this.store.description} holds no bottomless backup of namespace "${namespace}" ` +
        `(namespaces: ${namespaces.map((n) => n.name).join(', ')}); choose one with --namespace ` +
        `(in the app, pick it in Sources)`,
    );
  }

  /** Every key of the namespace by paged LIST, sorted into generations; their small objects read. */
  async read(namespace: string): Promise<NamespaceBackup> {
    const dbName = await this.dbNameOf(namespace);
    const objects: ListedObject[] = [];
    for await (const page of listPages(this.store, dbName)) objects.push(...page.objects);
    const sorted = sortNamespaceKeys(dbName, objects);
    const problems: Problem[] = [];
    const generations = await Promise.all(sorted.generations.map((g) => this.readSmallObjects(g)));
    let tombstoneSecs: bigint | null = null;
    if (sorted.tombstone) {
      tombstoneSecs = await this.small(sorted.tombstone, (b) => parseTombstone(b, sorted.tombstone?.key), problems);
      if (tombstoneSecs !== null)
        problems.push({
          code: 'NOT_FOUND',
          severity: 'warning',
          message:
            `${dbName}.tombstone marks generations created at or ` +
            `before ${new Date(Number(tombstoneSecs) * 1000).toISOString()} as deleted`,
        });
    }
    return { ...sorted, namespace: parseDbName(dbName).namespace, generations, tombstoneSecs, problems };
  }

  private async readSmallObjects(g: GenerationObjects): Promise<Generation> {
    const problems = g.problems;
    const metaValue = g.meta ? await this.small(g.meta, (b) => parseMeta(b, g.meta?.key), problems) : null;
    const parent = g.dep ? await this.small(g.dep, (b) => parseDep(b, g.dep?.key), problems) : null;
    const changeCounterValue = g.changeCounter
      ? await this.small(g.changeCounter, (b) => parseChangeCounter(b, g.changeCounter?.key), problems)
      : null;
    return { ...g, metaValue, parent, changeCounterValue };
  }

  /** Reads and decodes a small object; a damaged one is a problem of its generation, not a failure. */
  private async small<T>(
    object: ListedObject,
    decode: (bytes: Uint8Array) => T,
    problems: Problem[],
  ): Promise<T | null> {
    try {
      return decode(await this.readSmall(object.key));
    } catch (error) {
      if (!isSegscopeError(error)) throw error;
      problems.push({ code: error.code, severity: 'error', message: error.message });
      return null;
    }
  }

  async readSmall(key: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const chunk of this.body(key, SMALL_OBJECT_LIMIT)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** An object's bytes as they arrive, bounded in size and time. */
  async *body(key: string, maxBytes: bigint): AsyncGenerator<Uint8Array> {
    const object = await this.store.get(key);
    if (!object)
      throw new SegscopeError(
        'REMOTE_NOT_FOUND',
        `${key} vanished from ${this.store.description} between listing and reading`,
      );
    const limits = {
      listedBytes: object.contentLength,
      maxBytes,
      idleMs: REMOTE_BUDGET.bodyIdleMs,
      deadlineMs: bodyDeadlineMs(maxBytes),
      what: `${key} from ${this.store.description}`,
    };
    let received = 0n;
    try {
      for await (const chunk of boundedBody(object.body, limits)) {
        received += BigInt(chunk.length);
        yield chunk;
      }
    } catch (error) {
      if (isSegscopeError(error)) throw error;
      throw new SegscopeError(
        'REMOTE_UNAVAILABLE',
        `${limits.what} broke off after ${received} bytes (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
    if (object.contentLength !== null && received < object.contentLength)
      throw new SegscopeError(
        'TRUNCATED_SEGMENT',
        `${limits.what} ended after ${received} of its ${object.contentLength} bytes`,
      );
  }

  /** A batch decompressed as it streams; more than its name's frames (and a header's worth) is refused. */
  batchBytes(batch: BatchObject, pageSize: number): AsyncGenerator<Uint8Array> {
    const frames = batch.lastFrameNo - batch.firstFrameNo + 1;
    const maxBytes = frames * (SQLITE_WAL_FRAME_HEADER_SIZE + pageSize) + SQLITE_WAL_FRAME_HEADER_SIZE;
    const decode = batch.size <= SMALL_BATCH_BYTES ? decompressSmall : decompressStream;
    return decode(this.body(batch.key, BigInt(maxBytes) + (1n << 20n)), batch.compression, {
      maxBytes,
      what: batch.key,
    });
  }

  /** A snapshot decompressed as it streams. */
  snapshotBytes(key: string, compression: BottomlessCompression): AsyncGenerator<Uint8Array> {
    return decompressStream(this.body(key, MAX_SNAPSHOT_BYTES), compression, {
      maxBytes: Number(MAX_SNAPSHOT_BYTES),
      what: key,
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
