import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../core/api/api.js';
import { type RunningServer, startServer } from '../../core/server/http-server.js';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { seriousAxeFindings } from '../support/axe.js';
import { launchChromium, screenshot } from '../support/browser.js';

const built = existsSync(join(rendererDir(), 'index.html'));

/** The named parts of the shell, which must never overlap. */
const PARTS = [
  ['banner', undefined],
  ['navigation', 'Sources'],
  ['main', undefined],
  ['complementary', 'Details'],
  ['contentinfo', undefined],
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

describe('the screen fits every window and tells only what it checked (Chromium)', () => {
  let browser: Browser;
  let server: RunningServer;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), 'segscope-screen-'));
    const root = join(home, 'demo.sqld');
    await writeSqldDemo({ root, segments: 40, seed: 3 });
    // Four bytes overwritten in the middle of a sealed segment: its header still reads fine.
    const wal = join(root, 'dbs', 'default', 'data-wal');
    const sealed = (await readdir(wal)).filter((n) => n.endsWith('.seg')).sort()[3] ?? '';
    const file = await open(join(wal, sealed), 'r+');
    const { size } = await file.stat();
    await file.write(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 0, 4, Math.floor(size / 2));
    await file.close();
    const api = createSegscopeApi({ dir: root, layout: null, namespace: 'default', remote: { kind: 'none' } });
    server = await startServer({ api, staticDir: rendererDir() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.getByText(/^\d+ of \d+ segments/).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  for (const [width, height, least] of [
    [1024, 700, 200],
    [1440, 900, 360],
    [1920, 1080, 360],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`at ${width}x${height} in ${scheme}: nothing overlaps or scrolls sideways, the table keeps ${least} px, axe finds nothing serious`, async () => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByRole('tab', { name: 'Segments' }).click();
        const boxes: [string, Box][] = [];
        for (const [role, name] of PARTS) {
          const box = await page.getByRole(role, name ? { name } : {}).boundingBox();
          expect(box, `${role} ${name ?? ''}`).not.toBeNull();
          if (box) boxes.push([`${role} ${name ?? ''}`, box]);
        }
        for (const [i, [a, boxA]] of boxes.entries()) {
          for (const [b, boxB] of boxes.slice(i + 1)) expect(overlap(boxA, boxB), `${a} overlaps ${b}`).toBe(false);
          expect(boxA.x + boxA.width, a).toBeLessThanOrEqual(width + 0.5);
          expect(boxA.y + boxA.height, a).toBeLessThanOrEqual(height + 0.5);
        }
        const sideways = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        expect(sideways).toBe(0);
        const rows = await page.getByRole('rowgroup', { name: 'Segment rows' }).boundingBox();
        expect(rows?.height ?? 0).toBeGreaterThanOrEqual(least);
        await screenshot(page, `screen-${width}x${height}-${scheme}`);
        expect(await seriousAxeFindings(page)).toEqual([]);
      });
    }
  }
});
