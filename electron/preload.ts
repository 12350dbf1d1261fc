// Bundled to CommonJS by esbuild: sandboxed preloads cannot load ES modules or Node's own modules,
// so this imports nothing but Electron and the channel names (inlined) and holds no logic beyond
// passing calls through.
import { type IpcRendererEvent, contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_CHANNEL_PREFIX, CHOOSE_DIRECTORY_CHANNEL, COMMAND_CHANNEL, PROGRESS_CHANNEL } from './channels.js';

interface Reply {
  result?: unknown;
  error?: { code: string; message: string };
}

contextBridge.exposeInMainWorld('segscope', {
  async invoke(method: unknown, input: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !/^[A-Za-z]{1,40}$/.test(method))
      throw { code: 'INVALID_ARGUMENT', message: 'not an API method' };
    const reply = (await ipcRenderer.invoke(`${API_CHANNEL_PREFIX}${method}`, input)) as Reply;
    if (reply.error) throw reply.error;
    return reply.result;
  },
  onProgress(listener: (event: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, progress: unknown) => listener(progress);
    ipcRenderer.on(PROGRESS_CHANNEL, handler);
    return () => ipcRenderer.removeListener(PROGRESS_CHANNEL, handler);
  },
  onCommand(listener: (command: string) => void): () => void {
    const handler = (_event: IpcRendererEvent, command: unknown) => {
      if (typeof command === 'string') listener(command);
    };
    ipcRenderer.on(COMMAND_CHANNEL, handler);
    return () => ipcRenderer.removeListener(COMMAND_CHANNEL, handler);
  },
  async chooseDirectory(): Promise<string | null> {
    const reply = (await ipcRenderer.invoke(CHOOSE_DIRECTORY_CHANNEL)) as Reply;
    if (reply.error) throw reply.error;
    return typeof reply.result === 'string' ? reply.result : null;
  },
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
