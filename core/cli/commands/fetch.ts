import { wholeNumber } from '../../model/point-text.js';
import { type Command, requiredOption, stringOption, usageError } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { destinationFrom } from '../destination.js';
import { chooseNamespace } from '../namespace-choice.js';
import { printable } from '../printable.js';
import { progressLine } from '../progress-line.js';

export const command: Command = {
  async run(args, io) {
    const { values } = args;
    const frameText = requiredOption(values, 'frame');
    // `points` shows a default-mode namespace's WAL commits as wal:N: a person may try one here.
    if (frameText.startsWith('wal:'))
      throw usageError(
        `--frame ${frameText} is a frame of the namespace's SQLite WAL file (data-wal), which fetch does not hand ` +
          'out: give a frame of the log, or inspect data-wal --frames, or restore --until-frame ' +
          frameText,
      );
    const frameNo = wholeNumber(frameText, '--frame');
    const dest = await destinationFrom(requiredOption(values, 'dest'), 'dest');
    const workspace = await workspaceFrom(values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, values);
      const options = {
        replace: values.replace === true,
        onProgress: progressLine(io),
        generation: stringOption(values, 'generation'),
      };
      const result = await namespace.workspace.fetch(namespace.name, frameNo, dest, options);
      const where = `${printable(result.key)} (${result.source}), fetched to ${printable(result.path)}`;
      const text = result.superseded
        ? `${namespace.label}: frame ${frameNo} lies in the range of ${where}; the snapshot keeps only each ` +
          `page's newest frame, and frame ${frameNo} is not among them (a later frame of its page superseded it)`
        : `${namespace.label}: frame ${frameNo} is in ${where}`;
      return { json: result, text, exitCode: 0 };
    });
  },
};
