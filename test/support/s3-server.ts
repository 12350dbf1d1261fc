import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The gateway's test user; any other key pair is refused, which the auth tests rely on. */
export const S3_CREDENTIALS = {
  accessKeyId: 'SEGSCOPETESTKEY',
  secretAccessKey: 'segscope-test-secret-key-0123456789',
} as const;

export const CEPH_INSTALL = 'apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd';
const BINARIES = [
  '/usr/bin/radosgw',
  '/usr/bin/ceph-mon',
  '/usr/bin/ceph-osd',
  '/usr/bin/monmaptool',
  '/usr/bin/radosgw-admin',
  '/usr/bin/ceph',
];

export interface RunningS3Server {
  endpoint: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = v1:127.0.0.1:${monPort}
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
auth supported = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 1
osd pool default pgp num = 1
osd pool default pg autoscale mode = off
mon allow pool size one = true
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 4294967296
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
log file = ${dir}/log/$name.log
pid file = ${dir}/run/$name.pid
keyring = ${dir}/keyring
mon data = ${dir}/mon/$name
osd data = ${dir}/osd/$name
mon data avail warn = 1
mon data avail crit = 0
ms bind ipv4 = true
ms bind ipv6 = false
osd mon report interval = 1
# The OSD's own crush updates go out as monitor commands the monitor refuses here ("wrong
# fsid"), which stops the OSD; the set-up places it instead.
osd class update on start = false
osd crush update on start = false
paxos propose interval = 0.01
paxos min wait = 0.001

[client.rgw.segscope]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort} tcp_nodelay=1
rgw data = ${dir}/rgw
rgw dns name = 127.0.0.1
`;
}

async function waitForHttp(url: string, deadlineMs: number, daemons: readonly ChildProcess[]): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const dead = daemons.find((d) => d.exitCode !== null);
    if (dead)
      throw new Error(`a Ceph daemon exited with ${dead.exitCode} while starting (see its log under the test folder)`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`the RADOS Gateway did not answer at ${url} within ${deadlineMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Every daemon this process started and has not seen exit, so that a start cut off by a test's
 * timeout (its caller never gets `close`) still leaves nothing running: stopS3Servers() in an
 * afterAll, and SIGKILL when the process exits.
 */
const live = new Set<ChildProcess>();
let refuseStarts = false;
process.once('exit', () => {
  for (const daemon of live) daemon.kill('SIGKILL');
});

/**
 * Stops every daemon any startS3Server of this process started; a start still under way when it
 * is called spawns nothing more (it fails instead).
 */
export async function stopS3Servers(): Promise<void> {
  refuseStarts = true;
  for (const daemon of [...live].reverse()) await stop(daemon);
}

async function stop(daemon: ChildProcess): Promise<void> {
  if (daemon.exitCode !== null || daemon.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  daemon.kill('SIGTERM');
  const timer = setTimeout(() => daemon.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * A command to a monitor just started: a monitor still forming its quorum answers "EPERM: problem
 * getting command descriptions from mon" (seen under load, with several clusters starting at once,
 * to the first command and to the one after it), so that answer is retried until the monitor is
 * ready. Both commands are safe to repeat: `osd new` with the same uuid gives the same id again,
 * and `osd crush add` of an item already in place leaves it there.
 */
async function earlyCephCommand(conf: string, args: string[]): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return (await run('ceph', ['-c', conf, '--connect-timeout', '20', ...args], { timeout: 30_000 })).stdout;
    } catch (error) {
      const said = error instanceof Error ? error.message : String(error);
      if (!/problem getting command descriptions/.test(said) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * A throwaway one-host Ceph cluster serving S3 on 127.0.0.1: one
 * monitor, one OSD keeping its data in memory, the RADOS Gateway. Unlike s3rver it checks SigV4
 * signatures and pages listings as S3 does.
 */
export async function startS3Server(dir: string): Promise<RunningS3Server> {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) {
    throw new Error(
      `the S3 suites need Ceph's RADOS Gateway (${missing.join(', ')} ` +
        `missing): run \`${CEPH_INSTALL}\` (bash .ci/run does)`,
    );
  }
  for (const sub of ['run', 'log', 'mon', 'osd', 'rgw']) await mkdir(join(dir, sub), { recursive: true });
  const fsid = randomUUID();
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'ceph.conf');
  await writeFile(conf, config(dir, fsid, monPort, rgwPort));
  const daemons: ChildProcess[] = [];
  const start = (command: string, args: string[]): void => {
    if (refuseStarts) throw new Error('the S3 servers of this test file were stopped while this one started');
    const daemon = spawn(command, args, { stdio: 'ignore' });
    live.add(daemon);
    daemon.once('exit', () => live.delete(daemon));
    daemons.push(daemon);
  };
  try {
    await run('monmaptool', [
      '--create',
      '--clobber',
      '--fsid',
      fsid,
      '--addv',
      'a',
      `[v1:127.0.0.1:${monPort}]`,
      join(dir, 'monmap'),
    ]);
    await run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap')]);
    start('ceph-mon', ['-f', '-c', conf, '-i', 'a']);
    const osdUuid = randomUUID();
    const osdId = (await earlyCephCommand(conf, ['osd', 'new', osdUuid])).trim();
    await mkdir(join(dir, 'osd', `osd.${osdId}`), { recursive: true });
    // Placed by hand, since the OSD does not place itself (see the config).
    await earlyCephCommand(conf, ['osd', 'crush', 'add', `osd.${osdId}`, '1.0', 'root=default']);
    await run('ceph-osd', ['-c', conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
    start('ceph-osd', ['-f', '-c', conf, '-i', osdId]);
    start('radosgw', ['-f', '-c', conf, '-n', 'client.rgw.segscope']);
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForHttp(`${endpoint}/`, 60_000, daemons);
    await run(
      'radosgw-admin',
      [
        '-c',
        conf,
        'user',
        'create',
        '--uid=tester',
        '--display-name=tester',
        `--access-key=${S3_CREDENTIALS.accessKeyId}`,
        `--secret=${S3_CREDENTIALS.secretAccessKey}`,
      ],
      { timeout: 30_000 },
    );
    return {
      endpoint,
      // The gateway first: it hangs on SIGTERM once the monitor and OSD are gone.
      close: async () => {
        for (const daemon of [...daemons].reverse()) await stop(daemon);
      },
    };
  } catch (error) {
    for (const daemon of [...daemons].reverse()) await stop(daemon);
    throw error;
  }
}
