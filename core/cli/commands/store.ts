import { basename, resolve } from 'node:path';
import type { StoreResult } from '../../model/results.js';
import { isSegscopeError, worstExitStatus } from '../../errors.js';
import { type Command, requiredOption } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { printable } from '../printable.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

function render(r: StoreResult): string {
  return r.stored
    .map(
      (s) =>
        `${s.unchanged ? 'unchanged' : 'stored   '}  ${printable(s.source)} ` +
        `-> ${printable(s.path)}${s.uploaded ? ' (uploaded)' : ''}`,
    )
    .join('\n');
}

export const command: Command = {
  async run({ values, positionals, json }, io) {
    const workspace = await workspaceFrom(values, io.env, requiredOption(values, 'dir'));
    return withWorkspace(workspace, async () => {
      const { workspace: into, name: namespace } = await workspace.target(namespaceOption(values));
      const result: StoreResult = { stored: [], refused: [] };
      for (const file of positionals) {
        const path = resolve(file);
        try {
          const outcome = await into.store(
            namespace,
            { path, name: basename(path) },
            {
              replace: values.replace === true,
              onProgress: progressLine(io),
            },
          );
          result.stored.push({ source: file, ...outcome });
        } catch (error) {
          if (!isSegscopeError(error)) throw error;
          result.refused.push({ source: file, code: error.code, message: error.message });
        }
      }
      // A refusal is an error line on stderr, like every other; --json keeps it in its document.
      if (!json)
        for (const f of result.refused)
          io.stderr.write(`segscope: ${f.code}: ${printable(f.source)}: ${printable(f.message)}\n`);
      return { json: result, text: render(result), exitCode: worstExitStatus(result.refused.map((f) => f.code)) };
    });
  },
};
