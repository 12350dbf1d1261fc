import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { parseU64, requiredOption, stringOption, usageError } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

export const command: Command = {
  async run({ values }, io) {
    const { restoreDatabase } = await import('../../restore/restore.js');
    const out = resolve(requiredOption(values, 'out'));
    const untilText = stringOption(values, 'until-frame');
    const untilTime = stringOption(values, 'until-time');
    if (untilText !== undefined && untilTime !== undefined) throw usageError('give --until-frame or --until-time, not both');
    const workspace = await workspaceFrom(values, io.env);
    return withWorkspace(workspace, async () => {
      const source = await workspace.restoreSource(workspace.namespace(namespaceOption(values)));
      const result = await restoreDatabase(source, {
        out,
        untilFrameNo: untilText === undefined ? undefined : parseU64(untilText, '--until-frame'),
        untilTime,
        allowGaps: values['allow-gaps'] === true,
        onProgress: progressLine(io),
      });
      const text = `restored ${result.pages} pages as of frame ${result.untilFrameNo} from ${result.segmentsApplied} segments to ${result.out}`;
      return { json: result, text, exitCode: 0 };
    });
  },
};
