import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_NAMESPACE, segmentsDir } from '../backend/layout.js';
import { readSegmentDir } from '../backend/segment-dir.js';
import { errnoCode, fsError } from '../errors.js';
import { type Layout, type NamespaceListing, safeFileName } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import { listFolder } from './probe-entries.js';

/** Seconds since the epoch as ISO-8601; a value past what a Date holds stays a plain number string. */
export function isoFromSeconds(seconds: bigint): string {
  const ms = Number(seconds) * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : seconds.toString();
}

/** The seed's fs backend directory (FORMAT.md §2): `segments/`, and `namespaces/<ns>/segments/`. */
export class SeedDirLayout implements Layout {
  readonly name = 'seed' as const;
  readonly writable = true;
  readonly defaultNamespace = DEFAULT_NAMESPACE;
  constructor(
    readonly root: string,
    private readonly cache: ListingCache | null = null,
  ) {}

  async namespaceNames(): Promise<{ names: string[]; unrecognized: [] }> {
    const names: string[] = [];
    const segments = await stat(join(this.root, 'segments')).catch(() => null);
    if (segments?.isDirectory()) names.push(DEFAULT_NAMESPACE);
    const entries = await readdir(join(this.root, 'namespaces'), { withFileTypes: true }).catch((error: unknown) => {
      if (errnoCode(error) === 'ENOENT') return [];
      throw fsError(error, 'the namespaces folder', join(this.root, 'namespaces'));
    });
    for (const entry of entries) if (entry.isDirectory() && entry.name !== DEFAULT_NAMESPACE) names.push(entry.name);
    return { names: names.length > 0 ? names : [DEFAULT_NAMESPACE], unrecognized: [] };
  }

  filePath(namespace: string, file: string): string {
    return join(segmentsDir(this.root, namespace), safeFileName(file));
  }

  async list(namespace: string): Promise<NamespaceListing> {
    const dir = segmentsDir(this.root, namespace);
    const listed = await listFolder(dir, this.cache, async () => {
      const listing = await readSegmentDir(dir);
      const entries = listing.segments.map((s) => ({
        name: s.name,
        named: { naming: 'seed-key' as const, startFrameNo: s.startFrameNo, endFrameNo: s.endFrameNo },
        createdAt: isoFromSeconds(s.createdAt),
      }));
      return { entries, unrecognized: listing.unrecognized };
    });
    return { segments: listed?.segments ?? [], unrecognized: listed?.unrecognized ?? [], database: null };
  }
}
