import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import type * as LocalFile from '../../../core/storage/local-file.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

/** Every path a scan opens or reads whole, through the two ways storage reads a file. */
const opened = vi.hoisted(() => [] as string[]);
vi.mock('../../../core/storage/local-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof LocalFile>();
  return {
    ...real,
    openRegularFile: (path: string, what?: string) => {
      opened.push(path);
      return real.openRegularFile(path, what);
    },
    useSmallFile: <T>(path: string, use: (bytes: Uint8Array) => Promise<T>, what?: string) => {
      opened.push(path);
      return real.useSmallFile(path, use, what);
    },
  };
});

const WAL = join(SQLD_DEFAULT_SAMPLE, 'dbs', 'default', 'data-wal');
const walReads = () => opened.filter((path) => path === WAL).length;

afterEach(() => void opened.splice(0));

describe("how often a default-mode namespace's data-wal is read", () => {
  it('verify: once for its listing (its last commit), once for its own checks, the fit and the log', async () => {
    const layout = await openLayout(SQLD_DEFAULT_SAMPLE);
    await layout.list('default');
    const listing = walReads();
    opened.splice(0);
    const result = await verifyNamespace(layout, 'default');
    expect(result.ok).toBe(true);
    expect(result.segments.map((s) => s.file)).toContain('data-wal');
    expect(listing).toBe(1);
    // Its listing's read, then one for its own checks, the fit on data and the agreement with the log.
    expect(walReads()).toBe(listing + 1);
  });

  it("a restore of the current state: its agreement with the log adds no read to the restore's own", async () => {
    const source = await sourceFromLayout(await openLayout(SQLD_DEFAULT_SAMPLE), 'default');
    const out = join(await tempDir(), 'now.db');
    opened.splice(0);
    const plain = await restoreDatabase(source, { out, allowGaps: false, durable: false, untilWalFrame: 117n });
    const alone = walReads();
    opened.splice(0);
    // The current state (the last commit, 132) is checked against the log; wal:117 is not.
    const current = await restoreDatabase(source, { out: `${out}2`, allowGaps: false, durable: false });
    expect([plain.walFrame, current.walFrame]).toEqual([117n, 132n]);
    expect(current.logMismatch).toBeUndefined();
    expect(walReads()).toBe(alone);
  });
});
