import type { ApiMethod, SegscopeApi } from '../../core/api/api-contract.js';
import type { StoreResult } from '../../core/model/results.js';
import type { ProgressEvent } from '../../core/progress.js';
import { type WireError, decodeWire, encodeWire } from '../../core/transport/codec.js';

/**
 * How the renderer reaches core's API object: Electron's preload exposes `window.segscope`; the
 * browser mode talks HTTP to `segscope serve` with the token from the address. Either way the
 * renderer sees the same typed calls and the same `{ code, message }` errors.
 */
export interface Bridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Desktop only: menu commands from the main process ('reload', 'remote-settings'). */
  onCommand?(listener: (command: string) => void): () => void;
  /** Desktop only: the native directory chooser. */
  chooseDirectory?(): Promise<string | null>;
  /** Desktop only: a dropped file's path (Electron's webUtils.getPathForFile). */
  pathForFile?(file: File): string;
  /** Browser mode only: a dropped file streamed to the server as it is (no JSON, no base64). */
  upload?(file: File, replace: boolean): Promise<unknown>;
}

declare global {
  interface Window {
    segscope?: Bridge;
  }
}

export class ApiError extends Error {
  readonly code: string;
  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
  }
}

function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/**
 * The token arrives in the address's fragment; once read it is kept in this tab's session storage
 * and taken out of the address, so it stays out of the history and of anything copied from the bar.
 */
function takeToken(): string {
  const fromAddress = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromAddress) {
    window.sessionStorage.setItem('segscope-token', fromAddress);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return fromAddress ?? window.sessionStorage.getItem('segscope-token') ?? '';
}

async function reply(response: Response): Promise<unknown> {
  const body = decodeWire(await response.text()) as { result?: unknown; error?: WireError };
  if (body.error) throw new ApiError(body.error);
  return body.result;
}

function unavailable(): never {
  throw new ApiError({ code: 'UNAVAILABLE', message: 'Segscope is not answering: is `segscope serve` still running?' });
}

function httpBridge(): Bridge {
  const token = takeToken();
  return {
    async upload(file, replace) {
      const query = new URLSearchParams({ name: file.name, replace: replace ? '1' : '0' });
      return reply(
        await fetch(`/api/upload?${query}`, {
          method: 'POST',
          headers: { 'X-Segscope-Token': token, 'Content-Type': 'application/octet-stream' },
          body: file,
        }).catch(unavailable),
      );
    },
    async invoke(method, input) {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Segscope-Token': token },
        body: encodeWire(input),
      }).catch(unavailable);
      return reply(response);
    },
    onProgress(listener) {
      // fetch rather than EventSource, which cannot send the token header.
      const controller = new AbortController();
      void (async () => {
        const response = await fetch('/api/events', {
          headers: { 'X-Segscope-Token': token },
          signal: controller.signal,
        });
        const reader = response.body?.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return;
          buffer += decoder.decode(chunk.value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame.startsWith('data: ')) listener(JSON.parse(frame.slice(6)) as ProgressEvent);
          }
        }
      })().catch(() => undefined);
      return () => controller.abort();
    },
  };
}

export const bridge: Bridge = window.segscope ?? httpBridge();
export const isDesktop = window.segscope !== undefined;

type Input<M extends ApiMethod> = Parameters<SegscopeApi[M]>[0];
type Output<M extends ApiMethod> = Awaited<ReturnType<SegscopeApi[M]>>;

/**
 * Stores dropped files: by path in the desktop app, streamed to the server in the browser mode;
 * `replace`: over a different segment stored under the same key.
 */
export async function storeDropped(files: readonly File[], replace: boolean): Promise<StoreResult> {
  const paths = bridge.pathForFile ? files.map((f) => bridge.pathForFile?.(f) ?? '') : [];
  if (paths.length > 0 && paths.every((p) => p !== '')) return call('storeFiles', { paths, replace });
  if (!bridge.upload)
    throw new ApiError({
      code: 'INVALID_ARGUMENT',
      message: 'the dropped files have no paths on disk; store them with "Store files…"',
    });
  const result: StoreResult = { stored: [], refused: [] };
  for (const file of files) {
    const one = (await asApiError(() => bridge.upload?.(file, replace) ?? Promise.resolve(null))) as StoreResult | null;
    if (one) {
      result.stored.push(...one.stored);
      result.refused.push(...one.refused);
    }
  }
  return result;
}

async function asApiError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (isWireError(error)) throw new ApiError(error);
    throw new ApiError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
  }
}

/** A typed call to one API method; errors come back as ApiError with the stable code. */
export async function call<M extends ApiMethod>(method: M, input: Input<M>): Promise<Output<M>> {
  const result: unknown = await asApiError(() => bridge.invoke(method, input));
  return result as Output<M>;
}
