import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, protocol, safeStorage, session } from 'electron';
import { createSegscopeApi } from '../core/api/api.js';
import { DEFAULT_NAMESPACE } from '../core/model/namespace-id.js';
import type { SegscopeSettings } from '../core/model/settings.js';
import { rendererDir } from '../core/server/renderer-dir.js';
import { writeSqldDemo } from '../core/workload/sqld-demo.js';
import { APP_ORIGIN, isAppUrl } from './app-origin.js';
import { COMMAND_CHANNEL, PROGRESS_CHANNEL } from './channels.js';
import { rendererResponse } from './renderer-request.js';
import { bindApi, bindShell } from './ipc.js';
import { buildMenu } from './menu.js';
import {
  type SecretCodec,
  type StoredSettings,
  loadSettings,
  saveSettings,
  secureStorageAvailable,
} from './settings-file.js';
import { DBS } from '../core/format/sqld-names.js';

const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));

// The renderer is served from a custom scheme so every response carries the CSP header and no
// file:// URL (which could reach the whole disk) is ever loaded.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const secrets: SecretCodec = {
  available: () => secureStorageAvailable(safeStorage, process.platform),
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
};

/** First start with nothing configured: a demo sqld data directory in user data. */
async function withDemoIfEmpty(stored: StoredSettings): Promise<StoredSettings> {
  if (stored.settings.dir !== null) return stored;
  const root = join(app.getPath('userData'), 'demo.sqld');
  if (!existsSync(join(root, DBS))) await writeSqldDemo({ root, segments: 60, seed: 1 });
  const settings: SegscopeSettings = {
    dir: root,
    layout: null,
    namespace: DEFAULT_NAMESPACE,
    remote: { kind: 'none' },
  };
  return { ...stored, settings };
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle('app', (request) => rendererResponse(request, rendererDir()));
  // Nothing from the network: no permissions (asked or checked), no new windows, no navigation
  // or redirect away from the app.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, grant) => grant(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });

  const settingsPath = join(app.getPath('userData'), 'settings.json');
  let stored = await withDemoIfEmpty(await loadSettings(settingsPath, secrets));
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Segscope',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const persist = (settings: SegscopeSettings) => {
    const recent = settings.dir
      ? [settings.dir, ...stored.recent.filter((d) => d !== settings.dir)].slice(0, 8)
      : stored.recent;
    stored = { settings, recent };
    void saveSettings(settingsPath, stored, secrets);
  };
  const stopped = new AbortController();
  app.once('will-quit', () => stopped.abort());
  const api = createSegscopeApi(stored.settings, {
    signal: stopped.signal,
    secretPersisted: secrets.available(),
    onProgress: (event) => window.webContents.send(PROGRESS_CHANNEL, event),
    onSettingsChange: (settings) => {
      persist(settings);
      buildMenu(window, { recent: stored.recent, open });
    },
  });
  const open = async (dir: string) => {
    try {
      await api.openDirectory({ dir });
      window.webContents.send(COMMAND_CHANNEL, 'reload');
    } catch (error) {
      dialog.showErrorBox('Cannot open directory', error instanceof Error ? error.message : String(error));
    }
  };
  const trusted = (event: { senderFrame?: { url: string } | null }) => isAppUrl(event.senderFrame?.url);
  bindApi(ipcMain, api, trusted);
  bindShell(
    ipcMain,
    async () => {
      const result = await dialog.showOpenDialog(window, { properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    trusted,
  );
  persist(stored.settings);
  buildMenu(window, { recent: stored.recent, open });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => app.quit());
}

void start().catch((error: unknown) => {
  console.error(error);
  app.quit();
});
