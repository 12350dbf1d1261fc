import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { RESPONSE_PACE, type RunningServer, startServer } from '../../../core/server/http-server.js';
import { LIBSQL_VECTORS } from '../../support/real-data.js';
import { sendWithoutReading } from '../../support/raw-http.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Bytes held in Buffers once everything unreachable is collected. */
function heldBuffers(): number {
  gc();
  return process.memoryUsage().arrayBuffers;
}

/** 48 rows of a 1 MB value: an answer of about 48 MB, far more than the kernel takes for a client. */
const BIG_ANSWER =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM ' +
  "n LIMIT 48) SELECT i, printf('%.*c', 1000000, 'x') FROM n";

describe("the browser mode's server against clients that do not keep up", () => {
  let server: RunningServer;
  let staticDir: string;
  let root: string;
  let host: string;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'segscope-static-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Segscope</title>');
    root = await mkdtemp(join(tmpdir(), 'segscope-serve-'));
    await cp(join(LIBSQL_VECTORS, 'sqld'), root, { recursive: true });
    const api = createSegscopeApi({ dir: root, layout: null, namespace: null, remote: { kind: 'none' } });
    server = await startServer({ api, staticDir });
    host = `127.0.0.1:${server.port}`;
    process.on('warning', onWarning);
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    await server?.close();
    await rm(staticDir, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  });

  const head = (path: string, length: number) =>
    `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nX-Segscope-Token: ${server.token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('cuts clients that never read a large answer within its pace, and lets go of the answer', async () => {
    const body = JSON.stringify({ query: BIG_ANSWER });
    const before = heldBuffers();
    const clients = await Promise.all(
      Array.from({ length: 2 }, () => sendWithoutReading(server.port, head('/api/sql', body.length) + body)),
    );
    const closedAt = clients.map(() => 0);
    await expect
      .poll(
        () => {
          clients.forEach((c, i) => (closedAt[i] ||= c.serverLetGo() ? Date.now() : 0));
          return closedAt.every((at) => at > 0);
        },
        { timeout: 70_000, interval: 200 },
      )
      .toBe(true);
    // The queries take seconds (far more on a loaded machine), then each answer's pace runs: its grace,
    // within which the client stalls, then its idle time.
    const lasted = clients.map((c, i) => (closedAt[i] ?? 0) - c.openedAt);
    expect(Math.max(...lasted)).toBeLessThan(RESPONSE_PACE.graceMs + RESPONSE_PACE.idleMs + 40_000);
    // Answers of 48 MB were held while their clients were connected: none of it is left.
    await expect.poll(() => heldBuffers() - before).toBeLessThan(8 << 20);
  }, 120_000);

  it('cuts the event stream of a page that stops reading it, rather than piling its events up', async () => {
    const events = await sendWithoutReading(
      server.port,
      `GET /api/events HTTP/1.1\r\nHost: ${host}\r\nX-Segscope-Token: ${server.token}\r\n\r\n`,
    );
    // Far more than the kernel holds for a connection: the rest waits in the server.
    const phase = 'x'.repeat(1000);
    for (let done = 0; done < 20_000; done++) {
      server.broadcast({ id: 'flood', phase, done, total: 20_000 });
      if (done % 500 === 0) await new Promise((next) => setImmediate(next));
    }
    await expect.poll(() => events.serverLetGo()).toBe(true);
  });

  it('holds an upload that trickles to its pace, whatever length it declares', async () => {
    const trickler = await sendWithoutReading(server.port, head('/api/upload?name=a.seg', 16 * 2 ** 30));
    // A byte every 2 s: never idle long enough to be cut for that.
    const drip = setInterval(() => trickler.socket.write('x'), 2000);
    try {
      await expect.poll(() => trickler.serverLetGo(), { timeout: 50_000, interval: 500 }).toBe(true);
    } finally {
      clearInterval(drip);
    }
    // Its pace's grace, then the bytes that came allow next to nothing more: not the hours that
    // 16 GiB declared would have bought.
    expect(Date.now() - trickler.openedAt).toBeLessThan(45_000);
  }, 60_000);

  it('refuses a declared length past any segment without a timer overflowing', async () => {
    const huge = await sendWithoutReading(server.port, head('/api/upload?name=a.seg', 99_999_999_999_999));
    await expect.poll(() => huge.serverLetGo()).toBe(true);
    expect(warnings).toEqual([]);
  });
});
