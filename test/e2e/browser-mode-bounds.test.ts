import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../core/server/http-server.js';
import { buildSegmentDir } from '../bench/segment-dir-fixture.js';
import { raw, rawWithBody } from '../support/raw-http.js';
import { type OpenScreen, type RowElement, openScreen } from '../support/screen.js';
import { writeSegmentDir } from '../support/segments.js';

/**
 * Runs in the page (a string: these tests have no DOM types): records every text the segment
 * count takes, and whether rows were on screen then, in `window.countsSeen`.
 */
const RECORD_COUNTS = `(() => {
  const seen = [];
  window.countsSeen = seen;
  new MutationObserver(() => {
    const rows = document.querySelectorAll('[aria-label="Segment rows"] [role="row"]').length > 0 ? 'rows' : 'no rows';
    const text = (document.querySelector('.filters .count')?.textContent ?? '') + ' | ' + rows;
    if (seen[seen.length - 1] !== text) seen.push(text);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

/**
 * Browser mode at its bounds: a folder too big to list at once, and the server's guards (the token,
 * Origin and Host checks, the Content-Security-Policy, bad and oversized requests, half-open connections).
 */
describe('browser mode at its bounds (Chromium)', () => {
  let screen: OpenScreen | undefined;
  let dir: string | undefined;
  let page: Page;
  let server: RunningServer;
  // Set before the first await that can time out, so a timed-out start leaves no server or browser.
  afterAll(async () => {
    await screen?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segscope-e2e-'));
    await writeSegmentDir(dir, [{ start: 1n, end: 10n }]);
    screen = await openScreen(dir, { width: 1400, height: 900 });
    ({ page, server } = screen);
  });

  it(
    "shows a big folder's first rows while it reads the others, then the whole " +
      'listing; after a jump to its end and back each row shows its own segment',
    async () => {
      const big = await buildSegmentDir(5_000);
      try {
        // Every text the count takes, with the rows on screen then: the first rows are up for a
        // few tens of milliseconds, too short for polling to be sure to see them.
        await page.evaluate(RECORD_COUNTS);
        await page.getByRole('button', { name: 'Open directory…' }).click();
        await page.getByRole('dialog', { name: 'Open directory' }).getByLabel('Directory path').fill(big.prefix);
        await page.getByRole('button', { name: 'Open', exact: true }).click();
        const table = page.getByRole('table', { name: 'Segments' });
        await expect.poll(() => page.getByText('5,000 of 5,000 segments').count()).toBe(1);
        await expect.poll(() => table.getAttribute('aria-busy')).toBe('false');
        const seen = await page.evaluate<string[]>('window.countsSeen');
        const firstAt = seen.indexOf('the first 200 of about 5,000 segments; reading the others… | rows');
        expect(firstAt, seen.join('\n')).toBeGreaterThanOrEqual(0);
        expect(seen.indexOf('5,000 of 5,000 segments | rows')).toBeGreaterThan(firstAt);
        await expect.poll(() => table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()).toBe('1');

        // Rows keep their elements by slot: after a jump to the end and back, each row shows its
        // own segment, and a segment picked for comparison stays picked, no other with it.
        const firstBox = table.getByRole('row').nth(1).getByRole('checkbox', { name: 'Select for comparison' });
        await firstBox.check();
        const body = page.getByRole('rowgroup', { name: 'Segment rows' });
        const jumpTo = (where: 'end' | 'start') =>
          body.evaluate(
            (el: { scrollTop: number; scrollHeight: number }, to) =>
              (el.scrollTop = to === 'end' ? el.scrollHeight : 0),
            where,
          );
        await jumpTo('end');
        await expect
          .poll(() => table.locator('[aria-rowindex="5001"]').getByRole('cell').nth(1).textContent())
          .toBe('49,991');
        const startFrames = await table
          .locator('[role="row"][aria-rowindex]')
          .evaluateAll((rows: RowElement[]) =>
            rows.map((r) => [
              Number(r.getAttribute('aria-rowindex')),
              r.querySelectorAll('[role="cell"]')[1]?.textContent,
              (r.querySelector('input') as { checked: boolean } | null)?.checked,
            ]),
          );
        for (const [index, start, checked] of startFrames) {
          expect(start).toBe(((Number(index) - 2) * 10 + 1).toLocaleString('en-US'));
          expect(checked).toBe(false);
        }
        await jumpTo('start');
        await expect.poll(() => table.locator('[aria-rowindex="2"]').getByRole('cell').nth(1).textContent()).toBe('1');
        expect(await table.locator('[aria-rowindex="2"]').getByRole('checkbox').isChecked()).toBe(true);
        expect(await table.locator('[aria-rowindex="3"]').getByRole('checkbox').isChecked()).toBe(false);
        await firstBox.uncheck();
      } finally {
        await rm(big.prefix, { recursive: true, force: true });
      }
    },
  );

  it('refuses API requests without the token, from a foreign Origin, or for a foreign Host', async () => {
    const port = server.port;
    const host = `127.0.0.1:${port}`;
    expect(await raw(port, '/api/getSettings', { Host: host })).toBe(401);
    expect(await raw(port, '/api/getSettings', { Host: host, 'X-Segscope-Token': 'wrong' })).toBe(401);
    expect(
      await raw(port, '/api/getSettings', {
        Host: host,
        'X-Segscope-Token': server.token,
        Origin: 'http://evil.example',
      }),
    ).toBe(403);
    expect(
      await raw(port, '/api/getSettings', { Host: `evil.example:${port}`, 'X-Segscope-Token': server.token }),
    ).toBe(403);
    expect(
      await raw(port, '/api/getSettings', {
        Host: host,
        'X-Segscope-Token': server.token,
        'Content-Type': 'application/json',
      }),
    ).toBe(200);
    expect(await raw(port, '/api/events', { Host: host }, 'GET')).toBe(401);
    // Encoded so that it reaches the server's own path check rather than the HTTP parser.
    expect(await raw(port, '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', { Host: host }, 'GET')).toBe(404);
    expect(await raw(port, '/index.html', { Host: host }, 'GET')).toBe(200);
  });

  it('serves the page with a strict Content-Security-Policy, as a header and in the page', async () => {
    const response = await page.request.get(server.url.replace(/#.*/, ''));
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await response.text()).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;/,
    );
  });

  it('takes the token out of the address once the page has read it', async () => {
    expect(page.url()).not.toContain('token');
    await page.reload();
    await expect.poll(() => page.getByLabel('Current directory').textContent()).not.toBe('No directory open');
  });

  it(
    'answers malformed escapes, bad base64 and deep nesting ' + 'with 400, oversized bodies with 413, each with a code',
    async () => {
      const port = server.port;
      const auth = { Host: `127.0.0.1:${port}`, 'X-Segscope-Token': server.token };
      expect(await raw(port, '/%E0%A4%A', { Host: auth.Host }, 'GET')).toBe(400);
      const badBase64 = await rawWithBody(port, '/api/inspect', auth, 'POST', '{"file":{"$bytes":"***not base64***"}}');
      expect(badBase64.status).toBe(400);
      expect(JSON.parse(badBase64.body)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
      expect(await raw(port, '/api/list', auth, 'POST', '['.repeat(900_000))).toBe(400);
      expect(
        (await rawWithBody(port, '/api/list', { ...auth, 'Content-Length': String(2 << 20) }, 'POST', '', false))
          .status,
      ).toBe(413);
      const upload = await rawWithBody(
        port,
        '/api/upload?name=big.segment',
        { ...auth, 'Content-Length': String(1e12) },
        'POST',
        '',
        false,
      );
      expect(upload.status).toBe(413);
      expect(upload.body).toContain('more than the');
      expect(await raw(port, '/api/upload?name=..%2Fx', { ...auth, 'Content-Length': '3' }, 'POST', 'abc')).toBe(400);
    },
  );

  it('bounds half-open connections: they are dropped and the page loads again within seconds', async () => {
    const port = server.port;
    const sockets = Array.from({ length: 600 }, () => connect(port, '127.0.0.1').on('error', () => undefined));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - started < 15_000) {
      status = await raw(port, '/index.html', { Host: `127.0.0.1:${port}` }, 'GET').catch(() => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(12_000);
    for (const socket of sockets) socket.destroy();
  });
});
