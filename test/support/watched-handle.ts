import type { FileHandle } from 'node:fs/promises';

/**
 * A real file handle whose flushes (made to fail when asked) and writev calls are counted: what
 * uses it is what is tested.
 */
export function watched(handle: FileHandle, fail = false) {
  const seen = { started: 0, running: 0, most: 0, writes: 0, pieces: 0 };
  const wrapped = Object.create(handle) as FileHandle;
  wrapped.writev = (buffers, position) => {
    seen.writes++;
    seen.pieces += buffers.length;
    return handle.writev(buffers, position);
  };
  wrapped.datasync = async () => {
    seen.started++;
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    try {
      if (fail) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      await handle.datasync();
    } finally {
      seen.running--;
    }
  };
  return { handle: wrapped, seen };
}
