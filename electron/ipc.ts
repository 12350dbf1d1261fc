import type { SegscopeApi } from '../core/api/api-contract.js';
import { API_METHODS, invokeApi } from '../core/api/schemas.js';
import { isSegscopeError } from '../core/errors.js';
import type { WireError } from '../core/transport/codec.js';
import { API_CHANNEL_PREFIX, CHOOSE_DIRECTORY_CHANNEL } from './channels.js';

/** What Electron's ipcMain offers that this needs; tests pass a plain object with the same shape. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => Promise<unknown>): void;
}

export interface IpcEventLike {
  senderFrame?: { url: string } | null;
}

/** Replies carry the error's code and sentence as data: a thrown error would lose both in transit. */
export type IpcReply = { result: unknown } | { error: WireError };

const UNTRUSTED: IpcReply = {
  error: { code: 'UNAUTHORIZED', message: 'calls are accepted only from the Segscope window' },
};

export function bindShell(
  ipc: IpcMainLike,
  chooseDirectory: () => Promise<string | null>,
  isTrustedSender: (event: IpcEventLike) => boolean,
): void {
  ipc.handle(CHOOSE_DIRECTORY_CHANNEL, async (event): Promise<IpcReply> => {
    if (!isTrustedSender(event)) return UNTRUSTED;
    return { result: await chooseDirectory() };
  });
}

/**
 * One channel per API method, derived from the schemas (never listed by hand). Every call is
 * checked twice: the sender must be the app's own page, and the input must match the method's
 * schema (invokeApi) before the API object sees it.
 */
export function bindApi(
  ipc: IpcMainLike,
  api: SegscopeApi,
  isTrustedSender: (event: IpcEventLike) => boolean,
): string[] {
  return API_METHODS.map((method) => {
    const channel = `${API_CHANNEL_PREFIX}${method}`;
    ipc.handle(channel, async (event, input): Promise<IpcReply> => {
      if (!isTrustedSender(event)) return UNTRUSTED;
      try {
        return { result: await invokeApi(api, method, input) };
      } catch (error) {
        if (isSegscopeError(error)) return { error: { code: error.code, message: error.message } };
        return { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
      }
    });
    return channel;
  });
}
