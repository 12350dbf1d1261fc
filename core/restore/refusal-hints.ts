import { SegscopeError } from '../errors.js';
import { currentStateHint } from '../model/current-state-hint.js';
import { logHint } from '../model/log-hint.js';
import { listPoints } from './points.js';
import { NOT_THE_NAMESPACES, type RestoreSource } from './restore-contract.js';

/**
 * A refusal of the current state (data + data-wal) asked for as the latest: the log is a history
 * of its own, which the refusal does not touch, so it says where the log's newest point is.
 */
export function withLogHint(error: unknown, logEnd: bigint): unknown {
  if (!(error instanceof SegscopeError) || NOT_THE_NAMESPACES.has(error.code)) return error;
  return new SegscopeError(error.code, `${error.message} (${logHint(logEnd)})`);
}

/**
 * A refusal of a point of a default-mode namespace's log (`asked`: its frame, where one was given),
 * with the current state's points where it has some: none where data or data-wal cannot be used.
 */
export async function withCurrentStateHint(
  error: unknown,
  source: RestoreSource,
  asked: bigint | undefined,
): Promise<unknown> {
  if (!(error instanceof SegscopeError) || NOT_THE_NAMESPACES.has(error.code) || !source.current) return error;
  const points = await listPoints(source).then(
    (listed) => listed.points,
    () => [],
  );
  const notFound = error.code === 'FRAME_NOT_FOUND' ? { frameNo: asked } : null;
  const hint = currentStateHint(points, notFound);
  return hint === '' ? error : new SegscopeError(error.code, `${error.message} (${hint})`);
}
