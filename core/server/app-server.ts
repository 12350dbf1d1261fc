import { createSegscopeApi } from '../api/api.js';
import type { SegscopeSettings } from '../model/settings.js';
import type { ProgressEvent } from '../progress.js';
import { type RunningServer, startServer } from './http-server.js';
import { rendererDir } from './renderer-dir.js';

export interface AppServerOptions {
  port?: number;
  /** Given for tests; otherwise random. */
  token?: string;
  /** Aborted when the server stops: the API lets go of what it holds (ApiOptions.signal). */
  signal?: AbortSignal;
}

/**
 * The browser mode as `segscope serve` runs it: the API over the settings, the built renderer,
 * and the API's progress (throttled there) sent to every connected page. The bench and the
 * screen tests start this same server, so what they measure is what an operator gets.
 */
export async function startAppServer(
  settings: SegscopeSettings,
  options: AppServerOptions = {},
): Promise<RunningServer> {
  let broadcast: (event: ProgressEvent) => void = () => undefined;
  const api = createSegscopeApi(settings, {
    onProgress: (event) => broadcast(event),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const server = await startServer({
    api,
    staticDir: rendererDir(),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
  broadcast = server.broadcast;
  return server;
}
