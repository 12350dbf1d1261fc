import type { RestorePoint } from '../../core/model/results.js';

/**
 * A restore point as a query or diff asks for it, across missing frames where `allowGaps` says. A
 * commit of a default-mode namespace's SQLite WAL file is asked for by its own frame index; a
 * bottomless frame with its generation, as frames restart in each.
 */
export function pointInput(p: RestorePoint | undefined, allowGaps: boolean) {
  const point = p
    ? p.walFrame !== undefined
      ? { atWalFrame: p.walFrame }
      : { atFrameNo: p.frameNo, ...(p.generation !== undefined ? { generation: p.generation } : {}) }
    : {};
  return { ...point, ...(allowGaps ? { allowGaps: true } : {}) };
}
