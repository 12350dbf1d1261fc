import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { type OpenScreen, openScreen } from './screen.js';

export interface FolderScreen {
  /** The temporary folder the directory on screen was made in; a test may put others beside it. */
  home: string;
  /** The directory on screen. */
  root: string;
  screen: OpenScreen;
  /** Another directory on screen at the same size, closed with the first. */
  open(dir: string): Promise<OpenScreen>;
}

const VIEWPORT = { width: 1440, height: 900 };

/** The `index`-th sealed segment (by name, so in frame order) of a namespace in a demo directory. */
export async function sealedSegment(
  root: string,
  namespace: string,
  index: number,
): Promise<{ name: string; path: string }> {
  const wal = join(root, 'dbs', namespace, 'data-wal');
  const name = (await readdir(wal)).filter((n) => n.endsWith('.seg')).sort()[index];
  if (name === undefined) throw new Error(`${wal} holds no sealed segment number ${index}`);
  return { name, path: join(wal, name) };
}

/**
 * For the calling describe: a fresh temporary folder (`segscope-<name>-…`), in which `fill` makes
 * the directory to show and returns its path, served by `segscope serve` in Chromium at `viewport`;
 * every screen is closed and the folder removed after the describe's tests. The clean-up is
 * registered before anything that can time out, so a set-up that does leaves no process behind.
 * The returned function gives the screen to the tests (and throws before the set-up has run).
 */
export function folderScreen(
  name: string,
  fill: (home: string) => Promise<string>,
  viewport: { width: number; height: number } = VIEWPORT,
): () => FolderScreen {
  const opened: OpenScreen[] = [];
  let home: string | undefined;
  let shown: FolderScreen | undefined;
  const open = async (dir: string): Promise<OpenScreen> => {
    const screen = await openScreen(dir, viewport);
    opened.push(screen);
    return screen;
  };

  afterAll(async () => {
    for (const screen of opened) await screen.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  beforeAll(async () => {
    if (!existsSync(join(rendererDir(), 'index.html')))
      throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), `segscope-${name}-`));
    const root = await fill(home);
    shown = { home, root, screen: await open(root), open };
  });

  return () => {
    if (!shown) throw new Error('the screen is not open: its beforeAll has not run or failed');
    return shown;
  };
}

/** folderScreen of writeSqldDemo's sqld directory of `shape`, `<home>/demo.sqld`, changed by `prepare`. */
export function demoScreen(
  name: string,
  shape: { segments: number; seed: number },
  prepare?: (root: string) => Promise<void>,
): () => FolderScreen {
  return folderScreen(name, async (home) => {
    const root = join(home, 'demo.sqld');
    await writeSqldDemo({ root, ...shape });
    await prepare?.(root);
    return root;
  });
}
