import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYOUT_NAMES } from '../../core/model/results.js';
import type { SegscopeSettings } from '../../core/model/settings.js';
import { type SecretCodec, loadSettings, saveSettings, secureStorageAvailable } from '../../electron/settings-file.js';
import { tempDir } from '../support/segments.js';

describe('desktop settings file', () => {
  it('never counts the basic_text backend (a fixed, public key) as secure storage', () => {
    const backend = (name: string, available = true) => ({
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => name,
    });
    expect(secureStorageAvailable(backend('basic_text'), 'linux')).toBe(false);
    expect(secureStorageAvailable(backend('gnome_libsecret'), 'linux')).toBe(true);
    expect(secureStorageAvailable(backend('kwallet5', false), 'linux')).toBe(false);
    expect(secureStorageAvailable(backend('unknown'), 'darwin')).toBe(true);
  });

  // Stands in for safeStorage (an OS keychain); reversible, and visibly not the plain text.
  const codec: SecretCodec = {
    available: () => true,
    encrypt: (plain) => Buffer.from(plain).reverse().toString('base64'),
    decrypt: (stored) => Buffer.from(stored, 'base64').reverse().toString(),
  };
  const remote = {
    kind: 's3',
    bucket: 'b-1',
    endpoint: null,
    region: 'eu-west-1',
    clusterId: 'c',
    accessKeyId: 'AK',
    secretAccessKey: 'TOP-SECRET',
  } as const;

  it('keeps the secret only encrypted on disk and reads it back', async () => {
    const path = join(await tempDir(), 'settings.json');
    await saveSettings(
      path,
      { settings: { dir: '/data', layout: null, namespace: 'default', remote }, recent: ['/data'] },
      codec,
    );
    expect(await readFile(path, 'utf8')).not.toContain('TOP-SECRET');
    expect(await loadSettings(path, codec)).toEqual({
      settings: { dir: '/data', layout: null, namespace: 'default', remote },
      recent: ['/data'],
    });
  });

  it('does not keep the secret at all where the OS cannot encrypt it', async () => {
    const path = join(await tempDir(), 'settings.json');
    const plainOnly = { ...codec, available: () => false };
    await saveSettings(
      path,
      { settings: { dir: null, layout: null, namespace: 'default', remote }, recent: [] },
      plainOnly,
    );
    expect(await readFile(path, 'utf8')).not.toContain('TOP-SECRET');
    expect((await loadSettings(path, plainOnly)).settings.remote).toMatchObject({ secretAccessKey: null });
  });

  it('starts from defaults when the file is damaged', async () => {
    const path = join(await tempDir(), 'settings.json');
    await writeFile(path, '{ not json');
    expect((await loadSettings(path, codec)).settings).toEqual({
      dir: null,
      layout: null,
      namespace: null,
      remote: { kind: 'none' },
    });
  });
  it('reads back every setting it saved, each with a value (not null), for every kind of remote', async () => {
    const remotes: SegscopeSettings['remote'][] = [
      { kind: 'none' },
      { kind: 'directory', path: '/mirror', clusterId: 'c-2', layout: 'seed-bucket' },
      {
        kind: 's3',
        layout: 'libsql-wal',
        bucket: 'b-1',
        endpoint: 'http://127.0.0.1:9000',
        region: 'eu-west-1',
        clusterId: 'c-1',
        accessKeyId: 'AK',
        secretAccessKey: 'TOP-SECRET',
      },
    ];
    for (const [i, remote] of remotes.entries()) {
      const path = join(await tempDir(), 'settings.json');
      const layout = LAYOUT_NAMES[i % LAYOUT_NAMES.length] ?? null;
      const stored = {
        settings: { dir: '/data/sqld', layout, namespace: 'ns-1', remote },
        recent: ['/data/sqld', '/data/other'],
      };
      await saveSettings(path, stored, codec);
      expect(await loadSettings(path, codec)).toEqual(stored);
    }
  });
});
