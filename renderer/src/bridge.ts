import type { ApiMethod, SegscopeApi } from '../../core/api/api-contract.js';
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

function httpBridge(): Bridge {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return {
    async invoke(method, input) {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Segscope-Token': token },
        body: encodeWire(input),
      }).catch(() => {
        throw new ApiError({ code: 'UNAVAILABLE', message: 'Segscope is not answering: is `segscope serve` still running?' });
      });
      const body = decodeWire(await response.text()) as { result?: unknown; error?: WireError };
      if (body.error) throw new ApiError(body.error);
      return body.result;
    },
    onProgress(listener) {
      // fetch rather than EventSource, which cannot send the token header.
      const controller = new AbortController();
      void (async () => {
        const response = await fetch('/api/events', { headers: { 'X-Segscope-Token': token }, signal: controller.signal });
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

/** A typed call to one API method; errors come back as ApiError with the stable code. */
export async function call<M extends ApiMethod>(method: M, input: Input<M>): Promise<Output<M>> {
  try {
    return (await bridge.invoke(method, input)) as Output<M>;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (isWireError(error)) throw new ApiError(error);
    throw new ApiError({ code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
  }
}
