// The IPC channels between the main process and the preload, names only: the preload is bundled
// by esbuild, which inlines these constants, so it still requires nothing but Electron.

/** An API method `m` is invoked on `${API_CHANNEL_PREFIX}m`. */
export const API_CHANNEL_PREFIX = 'segscope:api:';
/** The shell's native directory chooser, invoked by the renderer. */
export const CHOOSE_DIRECTORY_CHANNEL = 'segscope:shell:choose-directory';
/** Progress events, main to renderer. */
export const PROGRESS_CHANNEL = 'segscope:progress';
/** Commands the renderer carries out (the menu's and a reload), main to renderer, names only. */
export const COMMAND_CHANNEL = 'segscope:command';
