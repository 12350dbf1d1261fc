import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VerifyResult } from '../../model/results.js';
import { verifyTotals } from '../../model/verify-scope.js';
import { fsError } from '../../errors.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { printable, problemText } from '../printable.js';
import { progressLine } from '../progress-line.js';
import { fsPath } from '../../fs-names.js';
import { verifyFiles } from '../../inspect/verify-files.js';
import { verifyWithRemote } from '../../api/verify-with-remote.js';

function render(r: VerifyResult, label: string | null): string {
  const lines = label === null ? [] : [`${label}:`];
  for (const s of r.segments) {
    lines.push(`${s.ok ? 'ok    ' : 'FAILED'}  ${printable(s.file)}`);
    for (const p of s.problems) lines.push(`        ${p.severity === 'warning' ? 'warning ' : ''}${problemText(p)}`);
  }
  lines.push(verifyTotals(r.segments));
  return lines.join('\n');
}

export const command: Command = {
  async run(args, io) {
    const target = args.location === undefined ? undefined : resolve(args.location);
    const info =
      target === undefined
        ? null
        : await stat(fsPath(target)).catch((error: unknown) => {
            throw fsError(error, 'the file or segment directory', target);
          });
    if (target !== undefined && info?.isDirectory() === false) {
      const result = await verifyFiles([target]);
      return { json: result, text: render(result, null), exitCode: result.ok ? 0 : 1 };
    }
    const workspace = await workspaceFrom(args.values, io.env, target);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, args.values);
      const result = await verifyWithRemote(namespace.workspace, namespace.name, {
        onProgress: progressLine(io),
      });
      return { json: result, text: render(result, namespace.label), exitCode: result.ok ? 0 : 1 };
    });
  },
};
