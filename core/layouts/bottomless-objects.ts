import type { UnrecognizedFile } from '../model/results.js';
import {
  type BatchKey,
  type BottomlessCompression,
  checkBatchRange,
  parseBatchKey,
  parseSnapshotObjectName,
} from '../format/bottomless-batch-key.js';
import { generationCreatedMs, isVersion7 } from '../format/bottomless-generation.js';
import type { Problem } from '../model/problem.js';
import { isSegscopeError } from '../errors.js';
import type { ListedObject } from '../storage/object-store.js';
import { classifyBottomlessKey } from './bottomless-names.js';

/** One WAL batch object of a generation, as the listing shows it. */
export interface BatchObject extends BatchKey {
  key: string;
  /** The part after the generation's folder. */
  name: string;
  size: bigint;
  generation: string;
}

export interface SnapshotObject {
  key: string;
  name: string;
  compression: BottomlessCompression;
  size: bigint;
  /** `db.db`: how uncompressed snapshots were looked for until mid-2024 (read as raw). */
  legacyName: boolean;
}

/** What a generation's folder holds, by key, before any object is read. */
export interface GenerationObjects {
  id: string;
  createdMs: bigint;
  folder: string;
  meta: ListedObject | null;
  dep: ListedObject | null;
  changeCounter: ListedObject | null;
  /** In the order the writer's restore tries them is decided by the reader; here in key order. */
  snapshots: SnapshotObject[];
  /** In key order, which is frame order for well-formed names. */
  batches: BatchObject[];
  /** Names the writer never makes (warnings) and batch names that cannot be (errors). */
  problems: Problem[];
}

export interface NamespaceObjects {
  dbName: string;
  /** Newest first, as the bucket lists them (the id's time field runs backwards). */
  generations: GenerationObjects[];
  tombstone: ListedObject | null;
  /** Keys under `{db_name}-` that are no generation of it. */
  foreign: UnrecognizedFile[];
}

const KEPT_FOREIGN = 20;

function generationOf(dbName: string, id: string): GenerationObjects {
  return {
    id,
    createdMs: generationCreatedMs(id),
    folder: `${dbName}-${id}/`,
    meta: null,
    dep: null,
    changeCounter: null,
    snapshots: [],
    batches: [],
    problems: [],
  };
}

function placeObject(g: GenerationObjects, name: string, object: ListedObject): void {
  if (name === '.meta') g.meta = object;
  else if (name === '.dep') g.dep = object;
  else if (name === '.changecounter') g.changeCounter = object;
  else {
    const snapshot = parseSnapshotObjectName(name);
    if (snapshot) {
      g.snapshots.push({ key: object.key, name, size: object.size, ...snapshot });
      if (snapshot.legacyName)
        g.problems.push({
          code: 'NOT_A_SEGMENT',
          severity: 'warning',
          message: `${g.folder}db.db is an uncompressed snapshot under its 2024 name; read as raw`,
        });
      return;
    }
    const batch = parseBatchKey(name);
    if (!batch) {
      g.problems.push({
        code: 'INVALID_SEGMENT_NAME',
        severity: 'warning',
        message: `${object.key} is no object the writer makes; skipped`,
      });
      return;
    }
    try {
      checkBatchRange(name, batch);
      g.batches.push({ ...batch, key: object.key, name, size: object.size, generation: g.id });
    } catch (error) {
      if (!isSegscopeError(error)) throw error;
      g.problems.push({ code: error.code, severity: 'error', message: `${object.key}: ${error.message}` });
    }
  }
}

/**
 * Sorts a namespace's keys (every key that starts with its `db_name`) into generations, the
 * tombstone and foreign keys: keys under `{db_name}-` whose folder is no canonical UUID (another
 * namespace whose name only shares the prefix, libsql-wal's older `-v2/` folder) are reported,
 * never read as a generation.
 */
export function sortNamespaceKeys(dbName: string, objects: Iterable<ListedObject>): NamespaceObjects {
  const byId = new Map<string, GenerationObjects>();
  const result: NamespaceObjects = { dbName, generations: [], tombstone: null, foreign: [] };
  let foreign = 0;
  for (const object of objects) {
    if (object.key === `${dbName}.tombstone`) {
      result.tombstone = object;
      continue;
    }
    if (!object.key.startsWith(`${dbName}-`)) continue;
    const kind = classifyBottomlessKey(object.key);
    if (kind?.kind === 'generation' && kind.dbName === dbName && !kind.name.includes('/')) {
      let g = byId.get(kind.generation);
      if (!g) byId.set(kind.generation, (g = generationOf(dbName, kind.generation)));
      placeObject(g, kind.name, object);
      continue;
    }
    foreign++;
    if (result.foreign.length < KEPT_FOREIGN) {
      const why = object.key.startsWith(`${dbName}-v2/`)
        ? `libsql-wal's own objects (its bucket folder before v2/clusters/), not a bottomless generation`
        : kind?.kind === 'generation'
          ? `a generation of "${kind.dbName}", whose name only shares the prefix`
          : `no generation of ${dbName} (the folder is not a generation id)`;
      result.foreign.push({
        file: object.key,
        code: 'INVALID_SEGMENT_NAME',
        message: `${object.key} is ${why}; not read`,
      });
    }
  }
  if (foreign > result.foreign.length) {
    const more = foreign - result.foreign.length;
    result.foreign.push({
      file: `(${more} more)`,
      code: 'INVALID_SEGMENT_NAME',
      message: `${more} more keys under ${dbName}- are no generation of it`,
    });
  }
  result.generations = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const g of result.generations) {
    if (!isVersion7(g.id))
      g.problems.push({
        code: 'BAD_VERSION',
        severity: 'warning',
        message: `generation ${g.id} is not a version 7 UUID; its creation time may mean nothing`,
      });
  }
  return result;
}
