import { build } from 'esbuild';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_CHANNEL_PREFIX,
  CHOOSE_DIRECTORY_CHANNEL,
  COMMAND_CHANNEL,
  PROGRESS_CHANNEL,
} from '../../electron/channels.js';

const PRELOAD = join(import.meta.dirname, '../../electron/preload.ts');

interface Exposed {
  invoke(method: string, input: unknown): Promise<unknown>;
  onProgress(listener: (event: unknown) => void): () => void;
  onCommand(listener: (command: string) => void): () => void;
  chooseDirectory(): Promise<string | null>;
}

/** The preload bundled as `build:electron` bundles it, run with a `require` that records every module asked for. */
async function runPreload() {
  const out = await build({
    entryPoints: [PRELOAD],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text ?? '';
  const required: string[] = [];
  const invoked: string[] = [];
  const listened: string[] = [];
  let exposed: Exposed | undefined;
  const electron = {
    contextBridge: { exposeInMainWorld: (_name: string, api: Exposed) => void (exposed = api) },
    ipcRenderer: {
      invoke: (channel: string) => {
        invoked.push(channel);
        return Promise.resolve({ result: null });
      },
      on: (channel: string) => void listened.push(channel),
      removeListener: () => undefined,
    },
    webUtils: { getPathForFile: () => '' },
  };
  const module = { exports: {} };
  const require = (name: string) => {
    required.push(name);
    return name === 'electron' ? electron : undefined;
  };
  runInNewContext(code, { require, module, exports: module.exports });
  if (!exposed) throw new Error('the preload exposed nothing');
  return { exposed, required, invoked, listened };
}

describe('the preload, bundled', () => {
  it('requires nothing but electron and uses the channels the main process binds', async () => {
    const { exposed, required, invoked, listened } = await runPreload();
    await exposed.invoke('listSegments', {});
    await exposed.chooseDirectory();
    exposed.onProgress(() => undefined);
    exposed.onCommand(() => undefined);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(invoked).toEqual([`${API_CHANNEL_PREFIX}listSegments`, CHOOSE_DIRECTORY_CHANNEL]);
    expect(listened).toEqual([PROGRESS_CHANNEL, COMMAND_CHANNEL]);
  });
});
