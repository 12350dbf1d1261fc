import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VerifyResult } from '../../api/types.js';
import { fsError } from '../../errors.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

function render(r: VerifyResult): string {
  const lines = r.segments.map((s) => {
    const head = s.ok ? `ok      ${s.file}` : `FAILED  ${s.file}`;
    return [head, ...s.problems.map((p) => `        ${p.severity === 'warning' ? 'warning ' : ''}${p.code}: ${p.message}`)].join('\n');
  });
  const failed = r.segments.filter((s) => !s.ok).length;
  lines.push(r.ok ? `all ${r.segments.length} verified` : `${failed} of ${r.segments.length} failed`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const { verifyFiles, verifyNamespace } = await import('../../inspect/verify-files.js');
    const target = resolve(positionals[0] ?? '');
    const info = await stat(target).catch((error: unknown) => {
      throw fsError(error, 'the file or segment directory', target);
    });
    let result: VerifyResult;
    if (info.isDirectory()) {
      const workspace = await workspaceFrom(values, io.env, target);
      result = await withWorkspace(workspace, () => verifyNamespace(workspace.layout, workspace.namespace(namespaceOption(values)), progressLine(io)));
    } else {
      result = await verifyFiles([target]);
    }
    return { json: result, text: render(result), exitCode: result.ok ? 0 : 1 };
  },
};
