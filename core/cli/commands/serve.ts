import { wholeNumber } from '../../model/point-text.js';
import { resolve } from 'node:path';
import { type Command, locationOf, stringOption, usageError } from '../command.js';
import { namespaceOption, remoteSettingsFrom } from '../remote-options.js';
import { Workspace } from '../../api/workspace.js';
import { startAppServer } from '../../server/app-server.js';

/** Resolves when the process is asked to stop (Ctrl-C, or a service manager's SIGTERM). */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

export const command: Command = {
  async run(args, io) {
    const { values } = args;
    const dir = resolve(locationOf(args));
    const portText = stringOption(values, 'port');
    const port = portText === undefined ? 0 : Number(wholeNumber(portText, '--port'));
    if (port > 65535) throw usageError('--port must be from 0 to 65535');
    await (await Workspace.open(dir, { remote: { kind: 'none' } })).close();
    const stopped = new AbortController();
    const settings = {
      dir,
      layout: null,
      namespace: namespaceOption(values) ?? null,
      remote: remoteSettingsFrom(values, io.env),
    };
    // Started by `npm start` (scripts/start.mjs), which names itself: that process killed outright
    // ends this server too, in order. A server started by hand (under nohup, a service) runs on.
    const parent = Number(io.env.SEGSCOPE_PARENT_PID ?? '');
    if (parent > 0) (await import('../../parent-watch.js')).endWithParent(parent, 'SIGTERM');
    const server = await startAppServer(settings, { port, signal: stopped.signal });
    io.stdout.write(`Segscope running at ${server.url}\n`);
    await untilStopped();
    io.abandon?.();
    stopped.abort();
    await server.close();
    return { json: { url: server.url }, text: '', exitCode: 0 };
  },
};
