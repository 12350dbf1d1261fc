import { cp, open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointCopied, checkpointMark } from '../../../core/layouts/sqld-checkpoint-mark.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld/dbs/tenant-b');

describe('checkpointMark: what a checkpoint of a default-mode namespace changes', () => {
  it('stays as it is over commits and reads, and moves at every kind of checkpoint and restart', async () => {
    const nsDir = join(await tempDir(), 'tenant-b');
    await cp(SAMPLE, nsDir, { recursive: true });
    const writer = new Database(join(nsDir, 'data'));
    const reader = new Database(join(nsDir, 'data'), { readonly: true });
    try {
      writer.pragma('wal_autocheckpoint = 0');
      const commit = () => writer.prepare("INSERT INTO events(kind, payload) VALUES ('x', randomblob(300))").run();
      commit();
      const marked = checkpointMark(nsDir);
      // A commit appends frames and moves data-shm's header; a reader moves its read mark.
      commit();
      reader.prepare('SELECT count(*) FROM events').get();
      commit();
      expect(checkpointMark(nsDir)).toBe(marked);
      // PASSIVE copies the WAL into `data` and leaves data-wal's header as it is.
      writer.pragma('wal_checkpoint(PASSIVE)');
      const passive = checkpointMark(nsDir);
      expect(passive).not.toBe(marked);
      // The commit after a complete checkpoint starts the WAL again: new salts, frames from 1.
      commit();
      const restarted = checkpointMark(nsDir);
      expect(restarted).not.toBe(passive);
      commit();
      expect(checkpointMark(nsDir)).toBe(restarted);
      writer.pragma('wal_checkpoint(TRUNCATE)');
      expect(checkpointMark(nsDir)).not.toBe(restarted);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('is taken with neither data-wal nor data-shm beside data, and moves when they come', async () => {
    const nsDir = await tempDir();
    const db = new Database(join(nsDir, 'data'));
    db.exec('CREATE TABLE t(x)');
    db.close();
    const marked = checkpointMark(nsDir);
    expect(checkpointMark(nsDir)).toBe(marked);
    const writer = new Database(join(nsDir, 'data'));
    try {
      writer.pragma('journal_mode = wal');
      writer.exec('INSERT INTO t VALUES (1)');
      expect(checkpointMark(nsDir)).not.toBe(marked);
    } finally {
      writer.close();
    }
  });

  it('checkpointCopied waits while a checkpoint has set out to copy more frames than it has copied', async () => {
    const nsDir = join(await tempDir(), 'tenant-b');
    await cp(SAMPLE, nsDir, { recursive: true });
    // data-shm as a checkpoint leaves it while it copies: nBackfillAttempted (at 128) past nBackfill (at 96).
    const shm = await open(join(nsDir, 'data-shm'), 'r+');
    try {
      await shm.write(new Uint8Array([9, 0, 0, 0]), 0, 4, 128);
      await shm.write(new Uint8Array([3, 0, 0, 0]), 0, 4, 96);
      let copied = false;
      const waiting = checkpointCopied(nsDir).then(() => (copied = true));
      await sleep(50);
      expect(copied).toBe(false);
      // The checkpoint ends: nBackfill reaches what it set out to copy.
      await shm.write(new Uint8Array([9, 0, 0, 0]), 0, 4, 96);
      await waiting;
      expect(copied).toBe(true);
    } finally {
      await shm.close();
    }
  });
});
