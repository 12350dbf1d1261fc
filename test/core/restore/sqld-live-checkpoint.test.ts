import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import type { ProgressListener } from '../../../core/progress.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';
import { startSqldWriter } from '../../support/sqld-writer.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');
const NAMESPACE = 'dbs/tenant-b/data';
const ROUNDS = 25;

/** A copy of the sample data directory, with an API opened on its namespace tenant-b. */
async function openedCopy(onProgress: ProgressListener = () => undefined) {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SAMPLE, root, { recursive: true });
  const api = createSegscopeApi(
    { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
    { onProgress },
  );
  await api.openDirectory({ dir: root, namespace: 'tenant-b' });
  return { root, api };
}

/** The restored file's quick_check and the rows the writer put in it. */
function readRestored(path: string): { check: unknown; rows: number } {
  const db = new Database(path, { readonly: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    const { rows } = db.prepare("SELECT count(*) AS rows FROM events WHERE kind LIKE 'concurrent-%'").get() as {
      rows: number;
    };
    return { check, rows };
  } finally {
    db.close();
  }
}

describe('the current state of a default-mode namespace whose writer checkpoints while Segscope reads it', () => {
  it('is restored whole every time: never refused as damaged, never a mix of two states', async () => {
    const { root, api } = await openedCopy();
    const writer = startSqldWriter(join(root, NAMESPACE), 2);
    try {
      await writer.next();
      const dir = await tempDir();
      const refused: string[] = [];
      let committed = 0;
      let restoredRows = 0;
      for (let round = 0; round < ROUNDS; round++) {
        // Asked as the restore starts, so that SQLite copies the WAL into `data` and starts it again
        // while the restore lists and reads the namespace: one checkpoint, and one restart of the
        // WAL at the commit after it, cut through at most two of a restore's three reads.
        writer.child.send({ checkpoint: round % 2 === 0 ? 'RESTART' : 'TRUNCATE' });
        const answer = writer.next<{ commits: number }>();
        const out = join(dir, `restored-${round}.db`);
        const restored = await api.restore({ out }).then(
          () => readRestored(out),
          (error: unknown) => {
            refused.push(`round ${round}: ${String(error)}`);
            return null;
          },
        );
        if (restored) {
          expect(restored.check).toBe('ok');
          // Every commit answered before this round began is in `data` + `data-wal` before its read.
          expect(restored.rows).toBeGreaterThanOrEqual(Math.max(5 * committed, restoredRows));
          restoredRows = restored.rows;
        }
        committed = (await answer).commits;
      }
      expect(refused).toEqual([]);
      writer.child.send('stop');
      const report = await writer.next<{ commits: number; failures: string[] }>();
      expect(report.failures).toEqual([]);
      expect(restoredRows).toBeGreaterThan(0);
    } finally {
      writer.child.kill();
    }
  });

  it('is refused with SOURCE_CHANGED, nothing written, when a checkpoint runs under each of three reads', async () => {
    // The writer commits and checkpoints as each read has applied data-wal's frames (its progress),
    // after the last byte is read and before the restore looks again: every read sees a checkpoint.
    let writer: Database | null = null;
    let reads = 0;
    const { root, api } = await openedCopy((event) => {
      if (event.phase !== 'restore' || event.stopped || !writer) return;
      reads++;
      writer.prepare("INSERT INTO events(kind, payload) VALUES ('concurrent-0', randomblob(300))").run();
      writer.pragma('wal_checkpoint(RESTART)');
    });
    writer = new Database(join(root, NAMESPACE));
    try {
      const dir = await tempDir();
      const out = join(dir, 'restored.db');
      const refusal = await api.restore({ out }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({
        code: 'SOURCE_CHANGED',
        message: expect.stringMatching(
          new RegExp(
            '^data and data-wal changed under each of 3 reads: their writer \\(sqld\\) checkpointed.*; ' +
              'restore stopped, nothing was written\\. Stop the writer and try again, or ask for a point of the log',
          ),
        ) as unknown,
      });
      expect(reads).toBe(3);
      expect(await readdir(dir)).toEqual([]);
      // A query at the current state stands on the same reads, and says it in its own words.
      reads = 0;
      const query = await api.sql({ query: 'SELECT count(*) FROM events' }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(query).toMatchObject({
        code: 'SOURCE_CHANGED',
        message: expect.stringContaining('; the query was not run. Stop the writer') as unknown,
      });
      expect(reads).toBe(3);
    } finally {
      writer.close();
    }
  });
});
