import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import type { ProgressEvent } from '../../../core/progress.js';
import { runCli } from '../../support/cli.js';
import { buildSegment, tempDir } from '../../support/segments.js';

/** CPU time this process (all its threads) spends over `ms` of wall time, in ms. */
async function cpuOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((done) => setTimeout(done, ms));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** A loose folder of `count` v0 segments of 4 MiB each: long enough to verify that a cancel shows. */
async function bigSegments(count: number): Promise<{ dir: string; files: string[] }> {
  const dir = join(await tempDir(), 'loose');
  await mkdir(dir);
  const pages = Array.from({ length: 1024 }, (_, i) => i + 1);
  for (let i = 0; i < count; i++) {
    const start = BigInt(1 + i * 2000);
    writeFileSync(join(dir, `${i}.seg`), buildSegment({ start, end: start + 1999n, pages }));
  }
  return { dir, files: await readdir(dir) };
}

describe('Cancel ends the work itself', () => {
  it('cancelRestore ends a plain restore between segments: CANCELLED, nothing written', async () => {
    const dir = join(await tempDir(), 'demo');
    expect((await runCli(['demo', dir])).code).toBe(0);
    const out = join(await tempDir(), 'restored.db');
    let api: ReturnType<typeof createSegscopeApi> | null = null;
    const cancels: Promise<{ cancelled: boolean }>[] = [];
    const onProgress = (event: ProgressEvent) => {
      if (event.phase === 'restore' && event.done === 1 && api && cancels.length === 0)
        cancels.push(api.cancelRestore({}));
    };
    api = createSegscopeApi(
      { dir, layout: null, namespace: null, remote: { kind: 'none' } },
      {
        onProgress,
        // Each event is read: the cancel is sent at a given count.
        progressIntervalMs: 0,
      },
    );
    await expect(api.restore({ out })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await Promise.all(cancels)).toEqual([{ cancelled: true }]);
    expect(existsSync(out)).toBe(false);
    expect((await readdir(join(out, '..'))).filter((f) => f.includes('restored'))).toEqual([]);
    // Nothing running: a cancel says so, and the next restore runs whole.
    expect(await api.cancelRestore({})).toEqual({ cancelled: false });
    await expect(api.restore({ out })).resolves.toMatchObject({ out });
    expect(existsSync(out)).toBe(true);
  });

  it('cancelVerify ends the verify under way, its second thread too, and a verify after it runs whole', async () => {
    const { dir, files } = await bigSegments(48);
    let api: ReturnType<typeof createSegscopeApi> | null = null;
    let done = 0;
    let doneAtCancel = -1;
    const onProgress = (event: ProgressEvent) => {
      if (event.phase !== 'verify') return;
      done = event.done;
      if (event.done === 4 && api && doneAtCancel < 0) {
        doneAtCancel = done;
        void api.cancelVerify({});
      }
    };
    api = createSegscopeApi(
      { dir, layout: null, namespace: null, remote: { kind: 'none' } },
      {
        onProgress,
        // Each event is read: the cancel is sent at a given count.
        progressIntervalMs: 0,
      },
    );
    await expect(api.verify({ files })).rejects.toMatchObject({ code: 'CANCELLED' });
    // At most the files already checked when the cancel came (replies on their way) are counted.
    expect(done - doneAtCancel).toBeLessThanOrEqual(4);
    // No thread is left checksumming: the process is all but idle.
    expect(await cpuOver(600)).toBeLessThan(250);
    expect(done).toBeLessThan(files.length);
    doneAtCancel = 1e9;
    const whole = await api.verify({ files });
    expect(whole.ok).toBe(true);
    expect(whole.segments).toHaveLength(files.length);
  });
});

describe('a verify in several calls at once (Verify all on the screen)', () => {
  it('cancelVerify of its task ends every call under way, and refuses a call of it that comes after', async () => {
    const { dir, files } = await bigSegments(48);
    let api: ReturnType<typeof createSegscopeApi> | null = null;
    const task = 'verify-test-1';
    // Checked files by call (each call's progress has its own id).
    const done = new Map<string, number>();
    const cancels: Promise<{ cancelled: boolean }>[] = [];
    const onProgress = (event: ProgressEvent) => {
      if (event.phase !== 'verify') return;
      done.set(event.id, event.done);
      // Both calls under way, each with a file checked: then Cancel.
      if (cancels.length === 0 && api && done.size === 2 && [...done.values()].every((n) => n >= 1))
        cancels.push(api.cancelVerify({ task }));
    };
    api = createSegscopeApi(
      { dir, layout: null, namespace: null, remote: { kind: 'none' } },
      { onProgress, progressIntervalMs: 0 },
    );
    const halves = [files.slice(0, 24), files.slice(24)];
    const calls = halves.map((half) => api.verify({ files: half, task }));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'ran whole'))).toEqual(
      ['CANCELLED', 'CANCELLED'],
    );
    expect(await Promise.all(cancels)).toEqual([{ cancelled: true }]);
    expect([...done.values()].every((n) => n < 24)).toBe(true);
    expect(await cpuOver(600)).toBeLessThan(250);
    // A call of the task that set off before the Cancel and arrives after it: refused, nothing checked.
    const events = done.size;
    await expect(api.verify({ files, task })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(done.size).toBe(events);
    // Another task (the next Verify all), and a call with none, run whole.
    const next = await api.verify({ files: halves[0], task: 'verify-test-2' });
    expect(next.segments.map((s) => s.file)).toEqual(halves[0]);
    expect(next.ok).toBe(true);
    expect((await api.verify({ files: halves[1] })).segments).toHaveLength(24);
    expect(await api.cancelVerify({})).toEqual({ cancelled: false });
  });
});
