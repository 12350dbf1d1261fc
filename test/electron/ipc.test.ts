import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../core/api/api.js';
import { API_METHODS } from '../../core/api/schemas.js';
import { isAppUrl } from '../../electron/app-origin.js';
import { CHOOSE_DIRECTORY_CHANNEL } from '../../electron/channels.js';
import { type IpcEventLike, type IpcMainLike, type IpcReply, bindApi, bindShell } from '../../electron/ipc.js';
import { keyFor, tempDir, writeSegmentDir } from '../support/segments.js';

/** Stands in for Electron's ipcMain, which needs the Electron binary; the binding is what is tested. */
function channelTable(): IpcMainLike & {
  handlers: Map<string, (event: IpcEventLike, input: unknown) => Promise<unknown>>;
} {
  const handlers = new Map<string, (event: IpcEventLike, input: unknown) => Promise<unknown>>();
  return { handlers, handle: (channel, listener) => void handlers.set(channel, listener) };
}

const fromApp: IpcEventLike = { senderFrame: { url: 'app://segscope/index.html' } };
const fromElsewhere: IpcEventLike = { senderFrame: { url: 'https://evil.example/' } };

describe('Electron IPC wiring', () => {
  it('binds one channel per API method, derived from the schemas', async () => {
    const ipc = channelTable();
    const api = createSegscopeApi({ dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } });
    const channels = bindApi(ipc, api, (e) => isAppUrl(e.senderFrame?.url));
    expect(channels).toEqual(API_METHODS.map((m) => `segscope:api:${m}`));
    expect([...ipc.handlers.keys()]).toEqual(channels);
  });

  it('validates every argument and answers with codes, and refuses senders that are not the app', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const ipc = channelTable();
    const api = createSegscopeApi({ dir: prefix, layout: null, namespace: 'default', remote: { kind: 'none' } });
    bindApi(ipc, api, (e) => isAppUrl(e.senderFrame?.url));
    const call = (method: string, input: unknown, event = fromApp) =>
      ipc.handlers.get(`segscope:api:${method}`)?.(event, input) as Promise<IpcReply>;
    expect(await call('inspect', { file: keyFor(1n, 4n) })).toMatchObject({
      result: { format: 'compacted-v0', problems: [] },
    });
    expect(await call('inspect', { file: '../../etc/passwd' })).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('fetchByFrame', { frameNo: 99n, destDir: prefix })).toMatchObject({
      error: { code: 'FRAME_NOT_FOUND' },
    });
    expect(await call('list', {}, fromElsewhere)).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.any(String) },
    });
    expect(await call('list', {}, { senderFrame: { url: 'app://segscope.attacker/index.html' } })).toMatchObject({
      error: { code: 'UNAUTHORIZED' },
    });
  });

  it('trusts only the app origin itself, compared after parsing', () => {
    expect(isAppUrl('app://segscope/index.html')).toBe(true);
    expect(isAppUrl('app://segscope/')).toBe(true);
    for (const url of [
      'app://segscope.attacker/',
      'app://segscope@evil/',
      'app://evil/?x=app://segscope',
      'app://segscope:8080/',
      'https://segscope/',
      'file:///app://segscope',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });

  it('checks the sender of the directory chooser too', async () => {
    const ipc = channelTable();
    let asked = 0;
    bindShell(
      ipc,
      async () => (asked++, '/chosen'),
      (e) => isAppUrl(e.senderFrame?.url),
    );
    const choose = (event: IpcEventLike) =>
      ipc.handlers.get(CHOOSE_DIRECTORY_CHANNEL)?.(event, undefined) as Promise<IpcReply>;
    expect(await choose(fromElsewhere)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(await choose({ senderFrame: null })).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(asked).toBe(0);
    expect(await choose(fromApp)).toEqual({ result: '/chosen' });
    expect(asked).toBe(1);
  });
});
