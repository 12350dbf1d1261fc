import { join } from 'node:path';
import { type Command, requiredOption, stringOption, usageError } from '../command.js';
import { readFrameText } from '../../model/point-text.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { destinationFrom } from '../destination.js';
import { chooseNamespace } from '../namespace-choice.js';
import { logMismatchNote } from '../../model/log-mismatch.js';
import { unprovenNote } from '../../model/unproven-note.js';
import { printable } from '../printable.js';
import { progressLine } from '../progress-line.js';
import { count } from '../table.js';
import { restoreDatabase } from '../../restore/restore.js';

export const command: Command = {
  async run(args, io) {
    const { values } = args;
    const untilText = stringOption(values, 'until-frame');
    const untilTime = stringOption(values, 'until-time');
    if (untilText !== undefined && untilTime !== undefined)
      throw usageError('give --until-frame or --until-time, not both');
    const until = untilText === undefined ? undefined : readFrameText(untilText, '--until-frame');
    const untilFrameNo = until && 'frameNo' in until ? until.frameNo : undefined;
    const untilWalFrame = until && 'walFrame' in until ? until.walFrame : undefined;
    const outText = requiredOption(values, 'out');
    const workspace = await workspaceFrom(values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, values);
      const dest = await destinationFrom(outText, 'out');
      // In a folder, the file is named after the namespace and the frame asked for.
      const out =
        'path' in dest
          ? dest.path
          : join(
              dest.dir,
              `${namespace.name}${untilText === undefined ? '' : `-until-${untilText.replace(':', '-')}`}.db`,
            );
      const source = await namespace.workspace.restoreSource(namespace.name);
      const result = await restoreDatabase(source, {
        out,
        untilFrameNo,
        untilTime,
        untilWalFrame,
        allowGaps: values['allow-gaps'] === true,
        generation:
          (until && 'generation' in until ? until.generation : undefined) ?? stringOption(values, 'generation'),
        onProgress: progressLine(io),
      });
      const pages = count(result.pages, 'page');
      // No segment applied: the database file alone (a default-mode namespace's `data`, at wal:0).
      const dataAlone = result.segmentsApplied === 0 && result.generation === undefined;
      const from = dataAlone
        ? `${result.walFrame !== undefined ? 'data' : 'the database file'} alone`
        : count(result.segmentsApplied, 'segment');
      const where = result.generation !== undefined ? ` of generation ${result.generation}` : '';
      const stopped = result.stoppedBecause !== undefined ? `\nwarning: ${printable(result.stoppedBecause)}` : '';
      const unproven = unprovenNote(result.unprovenPages, 'the restored database');
      const mismatch = logMismatchNote(result.logMismatch, 'the restored database');
      const walSource = dataAlone ? '' : 'data + data-wal; ';
      const at =
        result.walFrame !== undefined
          ? `wal:${result.walFrame} (${walSource}the log ends at frame ${result.untilFrameNo})`
          : `frame ${result.untilFrameNo}`;
      const text =
        `${namespace.label}: restored ${pages} as of ${at}${where} from ${from} ` +
        `to ${printable(result.out)}${stopped}${unproven && `\n${unproven}`}${mismatch && `\n${mismatch}`}`;
      return { json: result, text, exitCode: 0 };
    });
  },
};
