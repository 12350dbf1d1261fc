import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { LAYOUT_NAMES } from '../core/model/results.js';
import type { SegscopeSettings } from '../core/model/settings.js';
import { remoteSettingsSchema } from '../core/api/schemas.js';

/** How the secret key is kept at rest: Electron's safeStorage where the OS offers it. */
export interface SecretCodec {
  available(): boolean;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export interface StoredSettings {
  settings: SegscopeSettings;
  recent: string[];
}

const fileSchema = z.object({
  dir: z.string().nullable(),
  layout: z.enum(LAYOUT_NAMES).nullable().default(null),
  namespace: z.string().nullable(),
  remote: z.unknown(),
  recent: z.array(z.string()).max(20).default([]),
  encryptedSecret: z.string().nullable().default(null),
  queryTimeoutSeconds: z.number().positive().max(86_400).optional(),
});

const DEFAULTS: StoredSettings = {
  settings: { dir: null, layout: null, namespace: null, remote: { kind: 'none' } },
  recent: [],
};

/**
 * The desktop app's settings file in its user-data folder. The S3 secret is stored only
 * encrypted, and only when the OS can encrypt it; otherwise it lives for the session alone.
 * A damaged file is ignored rather than fatal: the app starts with defaults.
 */
export async function loadSettings(path: string, secrets: SecretCodec): Promise<StoredSettings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return DEFAULTS;
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return DEFAULTS;
  const remote = remoteSettingsSchema.safeParse(parsed.data.remote);
  let settingsRemote = remote.success ? remote.data : DEFAULTS.settings.remote;
  if (settingsRemote.kind === 's3' && parsed.data.encryptedSecret && secrets.available()) {
    try {
      settingsRemote = { ...settingsRemote, secretAccessKey: secrets.decrypt(parsed.data.encryptedSecret) };
    } catch {
      settingsRemote = { ...settingsRemote, secretAccessKey: null };
    }
  }
  const { dir, layout, namespace, queryTimeoutSeconds } = parsed.data;
  const timeout = queryTimeoutSeconds === undefined ? {} : { queryTimeoutSeconds };
  return { settings: { dir, layout, namespace, remote: settingsRemote, ...timeout }, recent: parsed.data.recent };
}

export async function saveSettings(path: string, stored: StoredSettings, secrets: SecretCodec): Promise<void> {
  const { remote } = stored.settings;
  const secret = remote.kind === 's3' ? remote.secretAccessKey : null;
  const withoutSecret = remote.kind === 's3' ? { ...remote, secretAccessKey: null } : remote;
  const body = {
    dir: stored.settings.dir,
    layout: stored.settings.layout,
    namespace: stored.settings.namespace,
    remote: withoutSecret,
    recent: stored.recent,
    queryTimeoutSeconds: stored.settings.queryTimeoutSeconds,
    encryptedSecret: secret && secrets.available() ? secrets.encrypt(secret) : null,
  };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.partial`;
  await writeFile(temp, JSON.stringify(body, null, 2), { mode: 0o600 });
  await rename(temp, path);
}

/** What this needs of Electron's safeStorage; tests pass a plain object with the same shape. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
}

/**
 * On Linux without a keyring, Electron falls back to `basic_text`, whose key is fixed and public:
 * "encrypted" there protects nothing, so the secret is then kept for the session only.
 */
export function secureStorageAvailable(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || storage.getSelectedStorageBackend() !== 'basic_text';
}
