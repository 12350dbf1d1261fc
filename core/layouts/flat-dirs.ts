import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { fsPath } from '../fs-names.js';
import type { NamespaceKind, UnrecognizedFile } from '../model/results.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { SegscopeError } from '../errors.js';
import { parseSegmentName } from '../format/segment-name.js';
import { type FirstRowsWatch, type Layout, type NamespaceListing, safeFileName } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import type { NamedEntry } from './listing-candidates.js';
import { listFolder } from './list-folder.js';
import { SegmentRows } from './segment-rows.js';

/** A folder whose files are one namespace's segments, told apart by name and content. */
abstract class FlatDirLayout implements Layout {
  abstract readonly name: 'compactor' | 'loose';
  readonly writable = false;
  readonly defaultNamespace = DEFAULT_NAMESPACE;

  constructor(
    readonly root: string,
    private readonly cache: ListingCache | null = null,
  ) {}

  async namespaceNames(): Promise<{ names: string[]; unrecognized: [] }> {
    return { names: [DEFAULT_NAMESPACE], unrecognized: [] };
  }

  abstract namespaceKind(): Promise<NamespaceKind | null>;

  /** Sorts a file into segment candidates, files to skip quietly, and unrecognized ones. */
  protected abstract classify(name: string): NamedEntry | 'skip' | UnrecognizedFile;

  filePath(_namespace: string, file: string): string {
    return join(this.root, safeFileName(file));
  }

  async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    if (namespace !== DEFAULT_NAMESPACE && namespace !== '') {
      throw new SegscopeError(
        'NOT_FOUND',
        `a ${this.name} folder holds one namespace's segments; there is no namespace "${namespace}" in ${this.root}`,
      );
    }
    const listed = await listFolder(this.root, {
      cache: this.cache,
      reading: { what: 'the folder', missing: 'error' },
      classify: (name) => this.classify(name),
      first,
    });
    return {
      segments: listed?.segments ?? SegmentRows.none(),
      unrecognized: listed?.unrecognized ?? [],
      database: null,
    };
  }
}

/** The wal-toolkit's compaction output (docs/formats/libsql-wal.md): `{key}.seg` (v1) beside `{key}.idx`. */
export class CompactorDirLayout extends FlatDirLayout {
  readonly name = 'compactor' as const;

  namespaceKind(): Promise<NamespaceKind> {
    return Promise.resolve('libsql-wal');
  }

  /** The listing, with the `.idx` beside each `.seg` (one with no segment is no index of this folder's). */
  override async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    const listing = await super.list(namespace, first);
    const indexes = [];
    for (const segment of listing.segments) {
      const file = `${segment.file.slice(0, -'.seg'.length)}.idx`;
      const path = join(this.root, file);
      if (lstatSync(fsPath(path), { throwIfNoEntry: false })) indexes.push({ file, path });
    }
    return indexes.length > 0 ? { ...listing, indexes } : listing;
  }

  protected classify(name: string): NamedEntry | 'skip' | UnrecognizedFile {
    const named = parseSegmentName(name);
    if (named?.naming === 'libsql-wal-key' && name.endsWith('.idx')) return 'skip';
    if (named?.naming === 'libsql-wal-key' && name.endsWith('.seg')) return { name, named };
    return {
      file: name,
      code: 'INVALID_SEGMENT_NAME',
      message: `"${name}" is not a {key}.seg or {key}.idx file of the wal-toolkit`,
    };
  }
}

/** Segment files of any format and naming, gathered in one folder by an operator. */
export class LooseDirLayout extends FlatDirLayout {
  readonly name = 'loose' as const;

  /**
   * `detected`: the layout was told from the folder's names, not asked for with --layout. Detection
   * falls back to this layout for any folder, so one in which nothing is a segment is a mistyped path.
   */
  constructor(
    root: string,
    cache: ListingCache | null = null,
    private readonly detected = false,
  ) {
    super(root, cache);
  }

  override async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    const listing = await super.list(namespace, first);
    if (this.detected && listing.segments.length === 0 && listing.unrecognized.length > 0)
      throw noSegmentHere(this.root, listing.unrecognized);
    return listing;
  }

  /** Any format may lie in the folder: only its files say. */
  namespaceKind(): Promise<null> {
    return Promise.resolve(null);
  }

  protected classify(name: string): NamedEntry | 'skip' {
    const named = parseSegmentName(name);
    // An index beside its segment says nothing the segment does not.
    if (named?.naming === 'libsql-wal-key' && name.endsWith('.idx')) return 'skip';
    return { name, named };
  }
}

/** A folder that holds entries and no segment: what it holds, and what was looked for. */
function noSegmentHere(root: string, entries: UnrecognizedFile[]): SegscopeError {
  const shown = entries.slice(0, 3).map((e) => e.file);
  const more = entries.length > shown.length ? ', …' : '';
  const what = entries.length === 1 ? 'its one entry' : `none of its ${entries.length} entries`;
  return new SegscopeError(
    'UNKNOWN_LAYOUT',
    `${root} holds no segment: ${what} (${shown.join(', ')}${more}) is a ` +
      `segment file, and it is no sqld data directory (dbs/), namespace folder, seed folder (segments/) or ` +
      `bottomless folder ({db_name}-{uuid}/); check the path, or name the layout with --layout`,
  );
}
