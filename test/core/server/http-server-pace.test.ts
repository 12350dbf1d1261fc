import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { type RunningServer, startServer } from '../../../core/server/http-server.js';
import { LIBSQL_VECTORS } from '../../support/real-data.js';
import { sendWithoutReading } from '../../support/raw-http.js';

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
