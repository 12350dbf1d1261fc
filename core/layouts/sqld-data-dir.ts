import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseFileInfo, UnrecognizedFile } from '../model/results.js';
import { checkNamespace } from './namespace.js';
import { SegscopeError, fsError } from '../errors.js';
import { DB_FOOTER_SIZE, decodeDbFooter, hasFooterSize, isValidDbFooter } from '../format/db-footer.js';
import { HEAD_SIZE } from '../format/detect.js';
import { PAGE_SIZE } from '../format/frame.js';
import { parseSegmentName } from '../format/segment-name.js';
import { probeFileSync } from '../storage/local-file.js';
import { type FirstRowsWatch, type Layout, type NamespaceListing, safeFileName } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import type { NamedEntry } from './listing-candidates.js';
import { listFolder } from './probe-entries.js';
import { SegmentRows } from './segment-rows.js';

/**
 * A sqld data directory run with libsql-wal (FORMAT.md §5): `dbs/<ns>/data` and
 * `dbs/<ns>/data-wal/{start:020}.seg`. It belongs to a running sqld, so it is only ever read,
 * with plain reads (no lock is taken).
 */
export class SqldDataDirLayout implements Layout {
  readonly name = 'sqld' as const;
  readonly writable = false;

  /** `only`: the one namespace a path to `dbs/<ns>` or its `data-wal` opened. */
  constructor(
    readonly root: string,
    private readonly only: string | null = null,
    private readonly cache: ListingCache | null = null,
  ) {}

  get defaultNamespace(): string {
    return this.only ?? 'default';
  }

  private namespaceDir(namespace: string): string {
    if (this.only !== null && namespace !== this.only) {
      throw new SegscopeError('NOT_FOUND', `this path holds only the namespace "${this.only}", not "${namespace}"`);
    }
    return join(this.root, 'dbs', checkNamespace(namespace));
  }

  async namespaceNames(): Promise<{ names: string[]; unrecognized: UnrecognizedFile[] }> {
    if (this.only !== null) return { names: [this.only], unrecognized: [] };
    const dbs = join(this.root, 'dbs');
    const entries = await readdir(dbs, { withFileTypes: true }).catch((error: unknown) => {
      throw fsError(error, 'the dbs folder', dbs);
    });
    const names: string[] = [];
    const unrecognized: UnrecognizedFile[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) names.push(entry.name);
      else unrecognized.push({ file: `dbs/${entry.name}`, code: 'NOT_A_SEGMENT', message: `dbs/${entry.name} is not a folder, so it is not a namespace` });
    }
    return { names: names.sort(), unrecognized };
  }

  /** `data` names the namespace's database file; anything else a file in its data-wal. */
  filePath(namespace: string, file: string): string {
    const nsDir = this.namespaceDir(namespace);
    return file === 'data' ? join(nsDir, 'data') : join(nsDir, 'data-wal', safeFileName(file));
  }

  async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    const nsDir = this.namespaceDir(namespace);
    const walDir = join(nsDir, 'data-wal');
    const listed = await listFolder(walDir, this.cache, { what: 'the data-wal folder', missing: 'none' }, classifyWalName, first);
    const database = readDatabaseInfo(join(nsDir, 'data'));
    if (listed === null && database === null) {
      throw new SegscopeError('NOT_FOUND', `namespace "${namespace}" has neither a database file nor a data-wal folder in ${nsDir}`);
    }
    return { segments: listed?.segments ?? SegmentRows.none(), unrecognized: listed?.unrecognized ?? [], database };
  }
}

/** A data-wal folder holds `{start:020}.seg` files; anything else is unrecognized. */
function classifyWalName(name: string): NamedEntry | UnrecognizedFile {
  const named = parseSegmentName(name);
  if (named?.naming === 'sqld-seg') return { name, named };
  return { file: name, code: 'INVALID_SEGMENT_NAME', message: `"${name}" is not named {start_frame_no:020}.seg as sqld names its segments` };
}

/** The database file's size, pages and footer; null when there is none. */
export function readDatabaseInfo(path: string): DatabaseFileInfo | null {
  const probe = probeFileSync(path, new Uint8Array(HEAD_SIZE));
  if (!probe || 'notRegular' in probe) return null;
  const footer = hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE ? decodeDbFooter(probe.tail) : null;
  const valid = footer !== null && isValidDbFooter(footer);
  const pageBytes = probe.size - (footer ? BigInt(DB_FOOTER_SIZE) : 0n);
  return {
    path,
    size: probe.size,
    pages: pageBytes / BigInt(PAGE_SIZE),
    replicationIndex: valid ? footer.replicationIndex : null,
    logId: valid ? footer.logId : null,
  };
}
