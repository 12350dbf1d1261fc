import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';
import { startSqldWriter } from '../../support/sqld-writer.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

describe('a default-mode namespace that SQLite keeps committing to while Segscope reads it', () => {
  it(
    'list and restore hold no lock: a writer in another process never meets ' +
      'SQLITE_BUSY and the restore passes quick_check',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      await cp(SAMPLE, root, { recursive: true });
      // A process of its own, as sqld is: SQLite's locks are POSIX locks between processes, and a
      // lock Segscope held would fail one of its commits at once (busy_timeout 0).
      const writer = startSqldWriter(join(root, 'dbs/tenant-b/data'), 2);
      try {
        const hello = await writer.next<{ ready: boolean; journalMode: string }>();
        expect(hello).toEqual({ ready: true, journalMode: 'wal' });
        const api = createSegscopeApi(
          { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
          { onProgress: () => undefined },
        );
        await api.openDirectory({ dir: root, namespace: 'tenant-b' });
        const dir = await tempDir();
        for (let round = 0; round < 3; round++) {
          const listed = await api.list({});
          expect(listed.segments.some((s) => s.file === 'data-wal')).toBe(true);
          const out = join(dir, `restored-${round}.db`);
          await api.restore({ out });
          const restored = new Database(out, { readonly: true });
          try {
            expect(restored.pragma('quick_check', { simple: true })).toBe('ok');
          } finally {
            restored.close();
          }
        }
        writer.child.send('stop');
        const report = await writer.next<{ commits: number; failures: string[] }>();
        expect(report.failures).toEqual([]);
        expect(report.commits).toBeGreaterThan(0);
      } finally {
        writer.child.kill();
      }
    },
  );
});
