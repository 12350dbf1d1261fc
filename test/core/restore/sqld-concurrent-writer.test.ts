import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');
/** A plain process cannot load TypeScript: the build's copy (npm test builds first). */
const WRITER = fileURLToPath(new URL('../../../dist/test/support/sqld-writer-process.js', import.meta.url));

/** The child's next message; its exit first fails the test instead of leaving it waiting. */
async function nextMessage<T>(child: ChildProcess): Promise<T> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the writer process exited (code ${String(code)})`);
  });
  exited.catch(() => undefined);
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [T];
  return message;
}

describe('a default-mode namespace that SQLite keeps committing to while Segscope reads it', () => {
  it(
    'list and restore hold no lock: a writer in another process never meets ' +
      'SQLITE_BUSY and the restore passes quick_check',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      await cp(SAMPLE, root, { recursive: true });
      // A process of its own, as sqld is: SQLite's locks are POSIX locks between processes, and a
      // lock Segscope held would fail one of its commits at once (busy_timeout 0).
      const writer = fork(WRITER, [join(root, 'dbs/tenant-b/data'), '2'], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      try {
        const hello = await nextMessage<{ ready: boolean; journalMode: string }>(writer);
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
        writer.send('stop');
        const report = await nextMessage<{ commits: number; failures: string[] }>(writer);
        expect(report.failures).toEqual([]);
        expect(report.commits).toBeGreaterThan(0);
      } finally {
        writer.kill();
      }
    },
  );
});
