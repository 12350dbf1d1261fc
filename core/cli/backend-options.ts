import { resolve } from 'node:path';
import { FsBackend } from '../backend/fs-backend.js';
import { openRemote } from '../remote/open-remote.js';
import { type OptionValues, requiredOption } from './command.js';
import { remoteSettingsFrom } from './remote-options.js';

/** The fs backend a command works on: `--dir <prefix>` plus the remote options. */
export function backendFrom(values: OptionValues, env: NodeJS.ProcessEnv, prefix = requiredOption(values, 'dir')): FsBackend {
  return new FsBackend({ prefix: resolve(prefix), remote: openRemote(remoteSettingsFrom(values, env)) });
}

/** Runs `fn` and closes the backend's remote connections however it ends. */
export async function withBackend<T>(backend: FsBackend, fn: (backend: FsBackend) => Promise<T>): Promise<T> {
  try {
    return await fn(backend);
  } finally {
    await backend.remote.close();
  }
}
