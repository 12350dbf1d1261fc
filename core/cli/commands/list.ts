import type { ListResult } from '../../api/types.js';
import { listSegments } from '../../backend/list-segments.js';
import { isoFromSeconds } from '../../backend/list-segments.js';
import { gapsAndOverlaps } from '../../inspect/timeline.js';
import type { Command } from '../command.js';
import { backendFrom, withBackend } from '../backend-options.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, namespaceOption } from '../remote-options.js';

function render(result: ListResult, source: string): string {
  const lines = [`${result.segments.length} segments in ${source} (namespace ${result.namespace}), max frame ${result.maxFrameNo ?? 'none'}`];
  lines.push(`${'start frame'.padStart(20)} ${'end frame'.padStart(20)}  ${'created'.padEnd(24)} ${'size'.padStart(12)}  status`);
  for (const s of result.segments) {
    lines.push(
      `${String(s.startFrameNo).padStart(20)} ${String(s.endFrameNo).padStart(20)}  ${s.createdAt.padEnd(24)} ${String(s.size).padStart(12)}  ${s.status}`,
    );
  }
  for (const g of result.gaps) lines.push(`gap: frames ${g.fromFrameNo}..${g.toFrameNo} are in no segment`);
  for (const o of result.overlaps) lines.push(`overlap: frames ${o.fromFrameNo}..${o.toFrameNo} are in both ${o.a} and ${o.b}`);
  for (const u of result.unrecognized) lines.push(`unrecognized: ${u.file}: ${u.message}`);
  return lines.join('\n');
}

export const listCommand: Command = {
  name: 'list',
  usage: `list <prefix> ${REMOTE_USAGE}`,
  summary: 'segments under <prefix>/segments (or in the remote), sorted by start frame, with gaps and overlaps',
  options: REMOTE_OPTIONS,
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const namespace = namespaceOption(values);
    const backend = backendFrom(values, io.env, positionals[0]);
    return withBackend(backend, async () => {
      let result: ListResult;
      let source: string;
      if (backend.remote.kind === 'none') {
        result = await listSegments(backend, namespace);
        source = `${backend.segmentsDir(namespace)}`;
      } else {
        await backend.remote.check();
        const listing = await backend.remote.list(namespace);
        const { gaps, overlaps } = gapsAndOverlaps(listing.segments.map((s) => ({ ...s, name: s.key })));
        result = {
          prefix: backend.prefix,
          namespace,
          maxFrameNo: listing.segments.reduce<bigint | null>((m, s) => (m === null || s.endFrameNo > m ? s.endFrameNo : m), null),
          segments: listing.segments.map((s) => ({
            file: s.key,
            path: s.key,
            startFrameNo: s.startFrameNo,
            endFrameNo: s.endFrameNo,
            createdAt: isoFromSeconds(s.createdAt),
            size: s.size ?? 0n,
            status: 'unchecked',
          })),
          unrecognized: listing.unrecognized,
          gaps,
          overlaps,
        };
        source = backend.remote.description;
      }
      return { json: result, text: render(result, source), exitCode: 0 };
    });
  },
};
