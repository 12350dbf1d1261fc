import type { UnrecognizedFile } from '../model/results.js';
import type { BucketLayout } from '../model/settings.js';
import type { ObjectStore } from '../storage/object-store.js';
import { dbNameOfFolder } from './bottomless-names.js';
import { seedFolder } from './seed-bucket-prefix.js';

/** A bucket's top level as the layouts read it: which layouts it holds, and what none of them reads. */
export interface BucketTop {
  /** In the order a local path prefers them: libsql-wal, seed-bucket, bottomless. */
  layouts: BucketLayout[];
  /** The seed's `ns-{cluster}:{ns}-v2/` folders, as cluster and namespace. */
  seedNamespaces: { cluster: string; namespace: string }[];
  unrecognized: UnrecognizedFile[];
}

/** The first page only: detection must not read a bucket of a million namespaces. */
const TOP_PAGE = 1000;

/** Which layout a top-level "folder" of a bucket belongs to; null: none Segscope reads. */
export function layoutOfFolder(prefix: string): BucketLayout | null {
  if (prefix === 'v2/') return 'libsql-wal';
  if (seedFolder(prefix)) return 'seed-bucket';
  if (dbNameOfFolder(prefix) !== null) return 'bottomless';
  return null;
}

export function unknownKey(key: string): UnrecognizedFile {
  return {
    file: key,
    code: 'UNKNOWN_LAYOUT',
    message:
      `${key} matches no bucket layout Segscope reads (libsql-wal's v2/, the seed's ns-…-v2/, ` +
      `bottomless {db_name}-{uuid}/)`,
  };
}

/** Reads the first page of the bucket's top level (one LIST). */
export async function readBucketTop(store: ObjectStore): Promise<BucketTop> {
  const page = await store.list('', { delimiter: '/', limit: TOP_PAGE });
  const found = new Set<BucketLayout>();
  const seedNamespaces: BucketTop['seedNamespaces'] = [];
  const unrecognized: UnrecognizedFile[] = [];
  for (const prefix of page.prefixes) {
    const layout = layoutOfFolder(prefix);
    if (layout) found.add(layout);
    else unrecognized.push(unknownKey(prefix));
    const seed = seedFolder(prefix);
    if (seed) seedNamespaces.push(seed);
  }
  for (const object of page.objects) if (!object.key.endsWith('.tombstone')) unrecognized.push(unknownKey(object.key));
  if (page.truncated)
    unrecognized.push({
      file: '(more)',
      code: 'UNKNOWN_LAYOUT',
      message:
        `the bucket's top level holds more than ${TOP_PAGE} entries; the layouts were told from the ` +
        `first ${TOP_PAGE}`,
    });
  const order: BucketLayout[] = ['libsql-wal', 'seed-bucket', 'bottomless'];
  return { layouts: order.filter((l) => found.has(l)), seedNamespaces, unrecognized };
}
