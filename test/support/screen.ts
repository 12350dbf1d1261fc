import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startAppServer } from '../../core/server/app-server.js';
import type { RunningServer } from '../../core/server/http-server.js';
import type { RemoteSettings } from '../../core/model/settings.js';
import { launchChromium } from './browser.js';

/**
 * The parts of a page's elements the screen tests read inside the browser. The type-check runs
 * without the DOM's types (core and the tests run on Node), so the callbacks say what they use.
 */
export interface RowElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
  querySelector(selector: string): unknown;
}

export interface OpenScreen {
  browser: Browser;
  server: RunningServer;
  page: Page;
  /** Closes the browser and stops the server. */
  close(): Promise<void>;
}

/**
 * `segscope serve` of a directory in Debian's Chromium, once its listing is on screen (or the text
 * `chosen.ready` names): no remote and namespace "default" unless `chosen` says (null: the layout's
 * own default).
 */
export async function openScreen(
  dir: string,
  viewport: { width: number; height: number },
  chosen: { remote?: RemoteSettings; namespace?: string | null; ready?: RegExp } = {},
): Promise<OpenScreen> {
  const { remote = { kind: 'none' }, namespace = 'default', ready = /^\d+ of \d+ segments/ } = chosen;
  const server = await startAppServer({ dir, layout: null, namespace, remote });
  let browser: Browser | null = null;
  const close = async () => {
    await browser?.close();
    await server.close();
  };
  // A screen that never shows its rows is closed here: the caller gets no `close` to call.
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    await page.goto(server.url);
    await page.getByText(ready).waitFor();
    return { browser, server, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A screen for the calling describe: opened before its tests by `open`, in a temporary folder of its
 * own, and closed, the folder removed, after them. The result gives its page.
 */
export function screenPerSuite(prefix: string, open: (home: string) => Promise<OpenScreen>): () => Page {
  let screen: OpenScreen | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), prefix));
    screen = await open(home);
  });
  afterAll(async () => {
    await screen?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  return () => {
    if (!screen) throw new Error('the screen did not open');
    return screen.page;
  };
}
