import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/binary.js';
import { screenshot } from '../support/browser.js';

const binary = electronBinary();
/** Said in the test's own name, so every report of the run shows why it did not run. */
const why =
  binary === null
    ? ' (skipped: no Electron binary is installed; its installer downloads it from outside the npm registry)'
    : '';

describe('desktop app (real Electron)', () => {
  it.skipIf(binary === null)(
    `opens the demo directory in a sandboxed, context-isolated window and decodes a header${why}`,
    async () => {
      const userData = await mkdtemp(join(tmpdir(), 'segscope-electron-'));
      try {
        const app = await _electron.launch({
          executablePath: binary ?? '',
          args: ['dist/electron/main.js', `--user-data-dir=${userData}`, '--no-sandbox'],
        });
        const window = await app.firstWindow();
        await window.getByRole('table', { name: 'Segments' }).getByRole('row').nth(2).click();
        await expect
          .poll(() => window.getByRole('table', { name: 'Header' }).textContent(), { timeout: 60_000 })
          .toContain('Start frame');
        expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
        await screenshot(window, 'electron-window');
        await app.close();
      } finally {
        await rm(userData, { recursive: true, force: true });
      }
    },
  );
});
