import { lstat } from '../fs-async.js';
import { join } from 'node:path';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { segmentsDir } from './namespace.js';
import { classifySegmentName } from './seed-segment-dir.js';
import type { NamespaceKind, UnrecognizedFile } from '../model/results.js';
import { errnoCode, fsError } from '../errors.js';
import { type FirstRowsWatch, type Layout, type NamespaceListing, safeFileName } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import type { NamedEntry } from './listing-candidates.js';
import { firstLink, linkEntry } from '../storage/no-links.js';
import { listFolder } from './list-folder.js';
import { SegmentRows } from './segment-rows.js';
import { readEntries } from '../fs-names.js';
import { createdAtFromSeconds } from './seed-created-at.js';

/** The seed's fs backend directory (docs/formats/libsql-wal.md): `segments/`, and `namespaces/<ns>/segments/`. */
export class SeedDirLayout implements Layout {
  readonly name = 'seed' as const;
  readonly writable = true;
  readonly defaultNamespace = DEFAULT_NAMESPACE;
  constructor(
    readonly root: string,
    private readonly cache: ListingCache | null = null,
  ) {}

  async namespaceNames(): Promise<{ names: string[]; unrecognized: UnrecognizedFile[] }> {
    const names: string[] = [];
    const unrecognized: UnrecognizedFile[] = [];
    const segments = await lstat(join(this.root, 'segments')).catch(() => null);
    if (segments?.isDirectory()) names.push(DEFAULT_NAMESPACE);
    else if (segments?.isSymbolicLink()) unrecognized.push(linkEntry('segments'));
    const link = firstLink(this.root, join(this.root, 'namespaces'));
    const entries =
      link !== null
        ? []
        : await readEntries(join(this.root, 'namespaces')).catch((error: unknown) => {
            if (errnoCode(error) === 'ENOENT') return [];
            throw fsError(error, 'the namespaces folder', join(this.root, 'namespaces'));
          });
    if (link !== null) unrecognized.push(linkEntry(link));
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== DEFAULT_NAMESPACE) names.push(entry.name);
      else if (entry.isSymbolicLink()) unrecognized.push(linkEntry(`namespaces/${entry.name}`));
    }
    return { names: names.length > 0 ? names : [DEFAULT_NAMESPACE], unrecognized };
  }

  filePath(namespace: string, file: string): string {
    return join(segmentsDir(this.root, namespace), safeFileName(file));
  }

  namespaceKind(): Promise<NamespaceKind> {
    return Promise.resolve('seed');
  }

  async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    const dir = segmentsDir(this.root, namespace);
    const listed = await listFolder(dir, {
      cache: this.cache,
      reading: { what: 'the segments directory', missing: 'none', inside: this.root },
      classify: classifySeedName,
      first,
    });
    return {
      segments: listed?.segments ?? SegmentRows.none(),
      unrecognized: listed?.unrecognized ?? [],
      database: null,
    };
  }
}

/** A seed segments folder holds `{start}-{end}-{created}.segment` keys, and temporary files of interrupted writes. */
function classifySeedName(name: string): NamedEntry | UnrecognizedFile {
  const key = classifySegmentName(name);
  if ('code' in key) return key;
  return {
    name,
    named: { startFrameNo: key.startFrameNo, endFrameNo: key.endFrameNo },
    createdAt: createdAtFromSeconds(key.createdAt),
  };
}
