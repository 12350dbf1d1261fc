import type { ListResult, ListedSegments } from '../../api/types.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { namespaceOption } from '../remote-options.js';

function render(result: ListResult<ListedSegments>): string {
  const lines = [
    `${result.segments.length} segments in ${result.prefix} (${result.layout} layout, namespace ${result.namespace}), max frame ${result.maxFrameNo ?? 'none'}`,
  ];
  if (result.remoteMaxFrameNo !== null) lines.push(`newest frame on this disk ${result.localMaxFrameNo ?? 'none'}; durable in the remote ${result.remoteMaxFrameNo}`);
  const db = result.database;
  if (db) lines.push(`database file: ${db.path}, ${db.pages} pages, checkpointed through frame ${db.replicationIndex ?? 'unknown (no footer)'}`);
  lines.push(`${'start frame'.padStart(20)} ${'end frame'.padStart(20)}  ${'created'.padEnd(24)} ${'format'.padEnd(16)} ${'size'.padStart(12)}  ${'location'.padEnd(8)} status`);
  for (const s of result.segments) {
    lines.push(
      `${String(s.startFrameNo).padStart(20)} ${String(s.endFrameNo).padStart(20)}  ${(s.createdAt ?? '-').padEnd(24)} ${s.format.padEnd(16)} ${String(s.size).padStart(12)}  ${s.location.padEnd(8)} ${s.status}`,
    );
  }
  for (const g of result.gaps) lines.push(`gap: frames ${g.fromFrameNo}..${g.toFrameNo} are in no segment`);
  for (const o of result.overlaps) lines.push(`overlap: frames ${o.fromFrameNo}..${o.toFrameNo} are in both ${o.a} and ${o.b}`);
  for (const u of result.unrecognized) lines.push(`unrecognized: ${u.file}: ${u.message}`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    return withWorkspace(workspace, async () => {
      const result = await workspace.list(workspace.namespace(namespaceOption(values)));
      return { json: result, get text() { return render(result); }, exitCode: 0 as const };
    });
  },
};
