import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../core/api/api.js';
import { type ProgressEvent, progressOfCall, throttleProgress } from '../../core/progress.js';
import { tempDir, writeSegmentDir } from '../support/segments.js';

const step = (id: string, done: number, total: number): ProgressEvent => ({ id, phase: 'verify', done, total });

describe('throttleProgress', () => {
  it('passes the first and the last event at once and holds the ones between to one an interval', async () => {
    const sent: ProgressEvent[] = [];
    const throttled = throttleProgress((e) => sent.push(e), 200);
    for (let done = 0; done < 1000; done++) throttled(step('a', done, 1000));
    // Sent within the interval: only the first, the rest held.
    expect(sent.map((e) => e.done)).toEqual([0]);
    throttled(step('a', 1000, 1000));
    expect(sent.map((e) => e.done)).toEqual([0, 1000]);
    // The held event was replaced by the last one: nothing more comes later.
    await sleep(300);
    expect(sent).toHaveLength(2);
  });

  it('sends the newest held event when its interval ends, each operation apart', async () => {
    const sent: ProgressEvent[] = [];
    const throttled = throttleProgress((e) => sent.push(e), 50);
    throttled(step('a', 1, 10));
    throttled(step('b', 1, 10));
    throttled(step('a', 2, 10));
    throttled(step('a', 3, 10));
    expect(sent.map((e) => `${e.id}${e.done}`)).toEqual(['a1', 'b1']);
    await sleep(150);
    // A cancelled operation's bar still ends on its last event, not one held back.
    expect(sent.map((e) => `${e.id}${e.done}`)).toEqual(['a1', 'b1', 'a3']);
  });
});

describe('progressOfCall', () => {
  it('stops the operations a call left short of their total, once, and passes nothing after', () => {
    const sent: ProgressEvent[] = [];
    const call = progressOfCall((e) => sent.push(e));
    call.onProgress(step('restore', 2, 3));
    call.onProgress(step('fetch', 1, 1));
    call.end();
    call.onProgress(step('restore', 3, 3));
    call.end();
    expect(sent).toEqual([step('restore', 2, 3), step('fetch', 1, 1), { ...step('restore', 2, 3), stopped: true }]);
  });

  it('a stopped event passes the throttle at once, and a held one is not sent after it', async () => {
    const sent: ProgressEvent[] = [];
    const call = progressOfCall(throttleProgress((e) => sent.push(e), 50));
    call.onProgress(step('a', 1, 10));
    call.onProgress(step('a', 2, 10));
    call.end();
    await sleep(100);
    expect(sent).toEqual([step('a', 1, 10), { ...step('a', 2, 10), stopped: true }]);
  });
});

describe("the API's progress", () => {
  it('verifying 400 files sends about ten events a second, the last with every file done', async () => {
    const dir = await tempDir();
    await writeSegmentDir(
      dir,
      Array.from({ length: 400 }, (_, i) => ({ start: BigInt(i * 4 + 1), end: BigInt(i * 4 + 4) })),
    );
    const events: ProgressEvent[] = [];
    const api = createSegscopeApi(
      { dir, layout: null, namespace: null, remote: { kind: 'none' } },
      { onProgress: (e) => events.push(e) },
    );
    const started = performance.now();
    expect(await api.verify({})).toMatchObject({ ok: true });
    const seconds = (performance.now() - started) / 1000;
    const verify = events.filter((e) => e.phase === 'verify');
    expect(verify.at(-1)).toMatchObject({ done: 400, total: 400 });
    // One event at the start, at most one each tenth of a second after it, and the last.
    expect(verify.length).toBeLessThanOrEqual(2 + Math.ceil(seconds * 10));
    expect(verify.length).toBeLessThan(400);
  });
});
