import { isGenerationId } from '../format/bottomless-generation.js';

/**
 * How sqld names a namespace's bottomless backup (`db_name`) and how to read one back. Today's
 * writer uses `ns-{db_id}:{namespace}` (db_id often empty: `ns-:default`); buckets from 2023 hold
 * `ns-{namespace}:{path}` and `ns-:{namespace}:{path}` (path up to the database path's first '/',
 * `data.sqld`, or empty), and the oldest `{id}{file}` such as `ns-defaultdata`. A metastore backup
 * uses its id verbatim.
 */
export interface DbName {
  dbName: string;
  /** The namespace the name stands for; the whole name where no form tells. */
  namespace: string;
  dbId: string | null;
  form: 'current' | 'namespace-path' | 'id-namespace-path' | 'id-file' | 'other';
}

const PATH_PART = /^$|\.sqld$/;

export function parseDbName(dbName: string): DbName {
  if (dbName.startsWith('ns-')) {
    const rest = dbName.slice(3);
    const parts = rest.split(':');
    if (parts.length === 3 && parts[0] === '' && PATH_PART.test(parts[2] ?? '')) {
      return { dbName, namespace: parts[1] ?? '', dbId: '', form: 'id-namespace-path' };
    }
    const colon = rest.indexOf(':');
    if (colon >= 0) {
      const before = rest.slice(0, colon);
      const after = rest.slice(colon + 1);
      if (parts.length === 2 && before !== '' && PATH_PART.test(after))
        return { dbName, namespace: before, dbId: null, form: 'namespace-path' };
      if (after !== '') return { dbName, namespace: after, dbId: before, form: 'current' };
    }
    if (rest.endsWith('data') && rest.length > 4)
      return { dbName, namespace: rest.slice(0, -4), dbId: null, form: 'id-file' };
  }
  return { dbName, namespace: dbName, dbId: null, form: 'other' };
}

const UUID_LENGTH = 36;

/**
 * A key as a bottomless reader sees it: `{db_name}-{uuid}/{name}` (an object of a generation),
 * `{db_name}.tombstone`, or null. The UUID is the last 36 characters before the first '/' that
 * a canonical UUID fills, so a namespace whose name holds '-' still parses.
 */
export type BottomlessKeyKind =
  { kind: 'generation'; dbName: string; generation: string; name: string } | { kind: 'tombstone'; dbName: string };

export function classifyBottomlessKey(key: string): BottomlessKeyKind | null {
  const slash = key.indexOf('/');
  if (slash < 0) {
    return key.endsWith('.tombstone') && key.length > '.tombstone'.length
      ? { kind: 'tombstone', dbName: key.slice(0, -'.tombstone'.length) }
      : null;
  }
  const folder = key.slice(0, slash);
  const generation = folder.slice(-UUID_LENGTH);
  if (folder.length < UUID_LENGTH + 2 || folder[folder.length - UUID_LENGTH - 1] !== '-' || !isGenerationId(generation))
    return null;
  return { kind: 'generation', dbName: folder.slice(0, -UUID_LENGTH - 1), generation, name: key.slice(slash + 1) };
}

/** A top-level "folder" of a bucket (`…/`): the db_name of a bottomless generation folder, else null. */
export function dbNameOfFolder(prefix: string): string | null {
  const found = classifyBottomlessKey(prefix.endsWith('/') ? prefix : `${prefix}/`);
  return found?.kind === 'generation' ? found.dbName : null;
}
