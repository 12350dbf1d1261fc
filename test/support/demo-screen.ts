import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { type OpenScreen, openScreen } from './screen.js';

export interface DemoScreen {
  /** The temporary folder the demo directory is in; a test may put other directories beside it. */
  home: string;
  /** The sqld demo directory, `<home>/demo.sqld`. */
  root: string;
  /** The demo directory on screen. */
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
 * For the calling describe: writeSqldDemo's sqld directory of `shape` in a fresh temporary folder
 * (`segscope-<name>-…`), changed by `prepare`, served by `segscope serve` in Chromium at 1440x900;
 * every screen is closed and the folder removed after the describe's tests. The clean-up is
 * registered before anything that can time out, so a set-up that does leaves no process behind.
 * The returned function gives the screen to the tests (and throws before the set-up has run).
 */
export function demoScreen(
  name: string,
  shape: { segments: number; seed: number },
  prepare?: (root: string) => Promise<void>,
): () => DemoScreen {
  const opened: OpenScreen[] = [];
  let home: string | undefined;
  let demo: DemoScreen | undefined;
  const open = async (dir: string): Promise<OpenScreen> => {
    const screen = await openScreen(dir, VIEWPORT);
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
    const root = join(home, 'demo.sqld');
    await writeSqldDemo({ root, ...shape });
    await prepare?.(root);
    demo = { home, root, screen: await open(root), open };
  });

  return () => {
    if (!demo) throw new Error('the demo screen is not open: its beforeAll has not run or failed');
    return demo;
  };
}
