import { basename, resolve } from 'node:path';
import type { StoreResult } from '../../api/types.js';
import { isSegscopeError } from '../../errors.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

function render(r: StoreResult): string {
  const lines = r.stored.map(
    (s) => `${s.unchanged ? 'unchanged' : 'stored'}  ${s.source} -> ${s.path}${s.uploaded ? ' (uploaded)' : ''}`,
  );
  for (const f of r.refused) lines.push(`refused  ${f.source}: ${f.code}: ${f.message}`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const workspace = await workspaceFrom(values, io.env);
    const namespace = workspace.namespace(namespaceOption(values));
    return withWorkspace(workspace, async () => {
      const result: StoreResult = { stored: [], refused: [] };
      for (const file of positionals) {
        const path = resolve(file);
        try {
          const outcome = await workspace.store(namespace, { path, name: basename(path) }, {
            replace: values.replace === true,
            onProgress: progressLine(io),
          });
          result.stored.push({ source: file, ...outcome });
        } catch (error) {
          if (!isSegscopeError(error)) throw error;
          result.refused.push({ source: file, code: error.code, message: error.message });
        }
      }
      return { json: result, text: render(result), exitCode: result.refused.length === 0 ? 0 : 1 };
    });
  },
};
