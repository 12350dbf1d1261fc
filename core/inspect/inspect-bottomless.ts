import { basename, dirname } from 'node:path';
import { SegscopeError, isSegscopeError } from '../errors.js';
import type { BatchKey, BottomlessCompression } from '../format/bottomless-batch-key.js';
import { checkBatchRange, parseBatchKey, parseSnapshotObjectName } from '../format/bottomless-batch-key.js';
import { generationCreatedMs, isVersion7 } from '../format/bottomless-generation.js';
import { type GenerationMeta, parseChangeCounter, parseDep, parseMeta } from '../format/bottomless-meta.js';
import { decompressStream } from '../format/bounded-decompress.js';
import { ProblemLog } from '../format/problem.js';
import { SQLITE_MAGIC, hasSqliteMagic } from '../format/sqlite-database-header.js';
import { emptyChecksum } from '../format/segment-scan.js';
import { hex32 } from '../format/hex32.js';
import { GenerationsBucket, MAX_SNAPSHOT_BYTES } from '../layouts/bottomless-generations.js';
import { classifyBottomlessKey } from '../layouts/bottomless-names.js';
import type { FileFormat, HeaderFields } from '../model/file-format.js';
import type { Problem } from '../model/problem.js';
import type { InspectResult } from '../model/results.js';
import { FolderObjectStore } from '../storage/folder-object-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import { inspectBatch } from './bottomless-batch-inspect.js';
import { chainSeed } from './bottomless-chain-seed.js';
import { inspectSnapshot } from './bottomless-snapshot-inspect.js';
import { type Peeked, peekBytes } from './peek-bytes.js';

export type BottomlessObjectKind = 'batch' | 'snapshot' | 'meta' | 'dep' | 'changecounter';

/** A file whose name says nothing, recognised by its zstd or gzip magic: a batch or a snapshot. */
export type ObjectKind = BottomlessObjectKind | { compressed: 'gz' | 'zstd' };

const SMALL: Record<string, BottomlessObjectKind> = {
  '.meta': 'meta',
  '.dep': 'dep',
  '.changecounter': 'changecounter',
};
const FORMATS: Record<BottomlessObjectKind, FileFormat> = {
  batch: 'bottomless-batch',
  snapshot: 'bottomless-snapshot',
  meta: 'bottomless-meta',
  dep: 'bottomless-dep',
  changecounter: 'bottomless-changecounter',
};

/** What a generation's object is by its name (the part after the folder), or null. */
function bottomlessKindOfName(name: string): BottomlessObjectKind | null {
  const small = SMALL[name];
  if (small) return small;
  if (parseSnapshotObjectName(name)) return 'snapshot';
  return parseBatchKey(name) ? 'batch' : null;
}

/** A zstd frame's or a gzip member's first bytes. */
export function compressedMagic(head: Uint8Array): 'zstd' | 'gz' | null {
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return head[0] === 0x1f && head[1] === 0x8b ? 'gz' : null;
}

/**
 * A local file inspected as a bottomless object by its name: a batch name or `db.{raw,gz,zstd}`
 * anywhere; `.meta`, `.dep`, `.changecounter` and `db.db`, names too plain to trust alone, only
 * inside a generation's folder `{db_name}-{uuid}`.
 */
export function localBottomlessKind(path: string): BottomlessObjectKind | null {
  const name = basename(path);
  const kind = bottomlessKindOfName(name);
  if (kind === 'batch' || (kind === 'snapshot' && name !== 'db.db')) return kind;
  return kind && classifyBottomlessKey(`${basename(dirname(path))}/${name}`)?.kind === 'generation' ? kind : null;
}

interface Beside {
  bucket: GenerationsBucket;
  log: ProblemLog;
}

/** An object beside the inspected one (`.meta`, `.changecounter`); absent is null, damaged a warning. */
async function readBeside<T>(at: Beside, key: string, decode: (bytes: Uint8Array) => T): Promise<T | null> {
  try {
    return decode(await at.bucket.readSmall(key));
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    if (error.code === 'REMOTE_NOT_FOUND') return null;
    at.log.warn(error.code, `${key} beside it is not usable (${error.message})`);
    return null;
  }
}

function smallFields(kind: BottomlessObjectKind, bytes: Uint8Array, log: ProblemLog): Record<string, string | number> {
  if (kind === 'meta') {
    const meta = parseMeta(bytes);
    return { pageSize: meta.pageSize, checksum1: hex32(meta.checksum.s0), checksum2: hex32(meta.checksum.s1) };
  }
  if (kind === 'dep') {
    const parent = parseDep(bytes);
    if (!isVersion7(parent)) log.warn('BAD_VERSION', `the parent ${parent} is not a version 7 UUID`);
    const created = new Date(Number(generationCreatedMs(parent))).toISOString();
    return { parentGeneration: parent, parentCreatedAt: created };
  }
  return { changeCounter: parseChangeCounter(bytes) };
}

const EXPECTED_SIZE: Partial<Record<BottomlessObjectKind, bigint>> = { meta: 12n, dep: 16n, changecounter: 4n };

export interface BucketObjectOptions {
  frames?: boolean;
  /** How the result names the object (a local path); the key by default. */
  file?: string;
  /** The generation folder's name, when the store is that folder itself (a local file). */
  folderName?: string;
  kind?: ObjectKind;
}

/** The object being inspected: where it is, what it sits beside, and the fields every kind's result shares. */
interface ObjectAt extends Beside {
  key: string;
  /** The part of the key before the name, with its slash: where the objects beside it are. */
  folder: string;
  name: string;
  size: bigint;
  result: (format: FileFormat, header: HeaderFields, more?: Problem[]) => InspectResult;
}

/** What the object is, by the caller's word or its name; a name no bottomless object has is refused. */
function kindOf(key: string, name: string, given: ObjectKind | undefined): ObjectKind {
  const kind = given ?? bottomlessKindOfName(name);
  if (kind === null)
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `${key} is no object of a bottomless generation: give the key of a batch ` +
        '(000000000001-000000000100-1700000000.zstd), a snapshot (db.zstd, db.gz, db.raw), .meta, .dep or ' +
        '.changecounter (segscope list --remote … names them)',
    );
  return kind;
}

/** The generation, its creation time and database name, as the object's folder names them (null elsewhere). */
function generationFields(key: string, name: string, folderName: string | undefined): Record<string, string | null> {
  const placed = classifyBottomlessKey(folderName !== undefined ? `${folderName}/${name}` : key);
  const generation = placed?.kind === 'generation' ? placed.generation : null;
  return {
    generation,
    generationCreatedAt: generation ? new Date(Number(generationCreatedMs(generation))).toISOString() : null,
    dbName: placed?.kind === 'generation' ? placed.dbName : null,
  };
}

/** The object where the store holds it; one the store does not list is NOT_FOUND. */
async function findObject(
  store: ObjectStore,
  key: string,
  name: string,
  options: BucketObjectOptions,
): Promise<ObjectAt> {
  const file = options.file ?? key;
  const listed = await store.head(key);
  if (!listed)
    throw new SegscopeError('NOT_FOUND', `${file} is not in ${store.description}; segscope list names its objects`);
  const log = new ProblemLog();
  const fields = generationFields(key, name, options.folderName);
  return {
    bucket: new GenerationsBucket(store),
    log,
    key,
    folder: key.slice(0, key.length - name.length),
    name,
    size: listed.size,
    result: (format, header, more = []) => ({
      file,
      format,
      header: { ...header, ...fields },
      expectedSize: null,
      actualSize: listed.size,
      nameAgrees: null,
      checksum: emptyChecksum(),
      problems: [...log.list(), ...more],
    }),
  };
}

const NO_RANGE = { frameCount: 0n, segmentId: null, startFrameNo: 0n, endFrameNo: 0n };

/** A `.meta`, `.dep` or `.changecounter`: its fields, and its size against the one it always has. */
async function inspectSmallObject(at: ObjectAt, kind: BottomlessObjectKind): Promise<InspectResult> {
  let fields: Record<string, string | number> = {};
  try {
    fields = smallFields(kind, await at.bucket.readSmall(at.key), at.log);
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    at.log.add(error.code, error.message);
  }
  const header = { ...NO_RANGE, ...fields };
  return { ...at.result(FORMATS[kind], header), expectedSize: EXPECTED_SIZE[kind] ?? null };
}

interface SnapshotRead {
  /** The name says snapshot; otherwise only a compressed file that decompresses to a database is one. */
  named: boolean;
  compression: BottomlessCompression;
  legacyName: boolean;
  meta: GenerationMeta | null;
}

/**
 * A snapshot, or a compressed file whose first bytes decompress to a SQLite database: its header
 * against the `.meta` and `.changecounter` beside it. Null for a compressed file that is no
 * database (read on as a batch).
 */
async function inspectSnapshotObject(at: ObjectAt, read: SnapshotRead): Promise<InspectResult | null> {
  const bytes = decompressStream(at.bucket.body(at.key, MAX_SNAPSHOT_BYTES), read.compression, {
    maxBytes: Number(MAX_SNAPSHOT_BYTES),
    what: at.key,
  });
  let peeked: Peeked | null = null;
  let failure: SegscopeError | null = null;
  try {
    peeked = await peekBytes(bytes, SQLITE_MAGIC.length);
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    failure = error;
  }
  const isDatabase = peeked !== null && hasSqliteMagic(peeked.head);
  if (!read.named && !isDatabase) {
    await peeked?.close();
    return null;
  }
  const changeCounter = await readBeside(at, `${at.folder}.changecounter`, parseChangeCounter);
  const found = await inspectSnapshot({
    key: at.key,
    bytes: peeked?.all ?? failing(failure),
    compression: read.compression,
    compressedBytes: at.size,
    legacyName: read.legacyName,
    meta: read.meta,
    changeCounter,
  });
  return { ...at.result('bottomless-snapshot', found.header, found.problems.list()), expectedSize: found.expectedSize };
}

/** A batch: its range checked, its chain seeded from what is beside it, then its frames read. */
async function inspectBatchObject(
  at: ObjectAt,
  named: BatchKey | null,
  compression: BottomlessCompression,
  meta: GenerationMeta | null,
  frames: boolean | undefined,
): Promise<InspectResult> {
  if (named) {
    try {
      checkBatchRange(at.name, named);
    } catch (error) {
      if (!isSegscopeError(error)) throw error;
      at.log.add(error.code, error.message);
    }
  }
  const seed = await chainSeed(at.bucket, at.folder, at.key, named, meta);
  const found = await inspectBatch({
    bucket: at.bucket,
    key: at.key,
    named,
    compression,
    compressedBytes: at.size,
    meta,
    seed,
    collectFrames: frames ?? false,
  });
  const inspected: InspectResult = {
    ...at.result('bottomless-batch', found.header, found.problems.list()),
    expectedSize: found.expectedSize,
    nameAgrees: found.nameAgrees,
    checksum: found.checksum,
  };
  if (frames === true) inspected.frames = found.frames;
  return inspected;
}

/**
 * One object of a bottomless generation, by key in any store (S3, a `file://` bucket, the folder
 * of a local file): a batch's frames and checksum chain (seeded from the `.meta` beside it when
 * there is one), a snapshot's SQLite header, or a small object's fields. Damage is reported as
 * problems, as inspect does for every format; an object that is not there is NOT_FOUND.
 */
export async function inspectBucketObject(
  store: ObjectStore,
  key: string,
  options: BucketObjectOptions = {},
): Promise<InspectResult> {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const kind = kindOf(key, name, options.kind);
  const at = await findObject(store, key, name, options);
  if (typeof kind === 'string' && kind !== 'batch' && kind !== 'snapshot') return inspectSmallObject(at, kind);
  const meta = await readBeside(at, `${at.folder}.meta`, parseMeta);
  const named = parseBatchKey(at.name);
  const snapshotName = parseSnapshotObjectName(at.name);
  const compression =
    named?.compression ?? snapshotName?.compression ?? (typeof kind === 'object' ? kind.compressed : 'raw');
  if (kind === 'snapshot' || typeof kind === 'object') {
    const legacyName = snapshotName?.legacyName ?? false;
    const snapshot = await inspectSnapshotObject(at, { named: kind === 'snapshot', compression, legacyName, meta });
    if (snapshot) return snapshot;
  }
  return inspectBatchObject(at, named, compression, meta, options.frames);
}

/** A stream that fails at once with what failed before it was read (null: an empty one). */
async function* failing(error: SegscopeError | null): AsyncGenerator<Uint8Array> {
  if (error) throw error;
  yield* [];
}

/** A local file read as a bottomless object: its folder is the store, its name the key. */
export function inspectLocalBottomless(path: string, kind: ObjectKind, frames: boolean): Promise<InspectResult> {
  const store = new FolderObjectStore(dirname(path));
  return inspectBucketObject(store, basename(path), { frames, file: path, folderName: basename(dirname(path)), kind });
}
