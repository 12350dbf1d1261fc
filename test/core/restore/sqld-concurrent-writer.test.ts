import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

describe('a default-mode namespace that SQLite keeps committing to while Segscope reads it', () => {
  it('list and restore hold no lock: the writer never meets SQLITE_BUSY and the restore passes quick_check', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true });
    const writer = new Database(join(root, 'dbs/tenant-b/data'));
    // No waiting for a lock: any lock Segscope held would fail a commit at once.
    writer.pragma('busy_timeout = 0');
    expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
    const insert = writer.prepare('INSERT INTO events(kind, payload) VALUES (?, randomblob(300))');
    const failures: unknown[] = [];
    let commits = 0;
    const timer = setInterval(() => {
      try {
        writer.transaction(() => {
          for (let i = 0; i < 5; i++) insert.run(`concurrent-${commits}`);
        })();
        commits++;
      } catch (error) {
        failures.push(error);
      }
    }, 2);
    try {
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
    } finally {
      clearInterval(timer);
      writer.close();
    }
    expect(failures).toEqual([]);
    expect(commits).toBeGreaterThan(0);
  });
});
