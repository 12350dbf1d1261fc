import type { listFolder as ListFolder } from './probe-entries.js';

/**
 * A folder's listing (probe-entries.ts), loaded at the first listing: a command that opens a
 * layout without listing it (`segscope meta`) parses none of it, nor the format readers it
 * probes files with.
 */
export async function listFolder(...args: Parameters<typeof ListFolder>): ReturnType<typeof ListFolder> {
  return (await import('./probe-entries.js')).listFolder(...args);
}
