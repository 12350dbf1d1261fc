import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../../core/sqlite/driver.js';
import { describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../../support/cli.js';
import { treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

interface ListJson {
  layout: string;
  namespace: string;
  maxFrameNo: number;
  database: { replicationIndex: number; pages: number } | null;
  segments: {
    file: string;
    format: string;
    status: string;
    startFrameNo: number;
    endFrameNo: number;
    location: string;
  }[];
  gaps: unknown[];
}

/** `segscope restore` with `args` into a new file `name` in a folder of its own. */
async function restoreInto(name: string, args: string[]): Promise<{ path: string; run: CliRun }> {
  const path = join(await tempDir(), name);
  return { path, run: await runCli(['restore', ...args, '--out', path]) };
}

describe('every command on a sqld data directory (the demo)', () => {
  it(
    'demo writes three namespaces (two libsql-wal, one default-mode); namespaces, ' +
      'list, verify, points, meta, fetch and restore read them and change nothing',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      const demo = await runCli(['demo', root, '--segments', '6', '--json']);
      expect(demo.code).toBe(0);
      const before = await treeFingerprint(root);

      const ns = JSON.parse((await runCli(['namespaces', root, '--json'])).out) as {
        layout: string;
        namespaces: { name: string; segments: number; kind?: string }[];
      };
      expect(ns.layout).toBe('sqld');
      expect(ns.namespaces.map((n) => [n.name, n.kind])).toEqual([
        ['analytics', 'libsql-wal'],
        ['classic', 'default-mode'],
        ['default', 'libsql-wal'],
      ]);

      const list = JSON.parse((await runCli(['list', root, '--namespace', 'analytics', '--json'])).out) as ListJson;
      expect(list).toMatchObject({ layout: 'sqld', namespace: 'analytics', gaps: [] });
      expect(list.database?.replicationIndex).toBeGreaterThan(0);
      expect(list.segments.at(-1)?.status).toBe('unsealed');
      expect(
        list.segments.slice(0, -1).every((s) => s.format === 'sealed' && s.status === 'ok' && s.location === 'local'),
      ).toBe(true);
      expect(list.segments[0]?.startFrameNo).toBe((list.database?.replicationIndex ?? 0) + 1);

      const verify = await runCli(['verify', root, '--namespace', 'analytics']);
      expect(verify.code).toBe(0);
      expect(verify.out).toContain('warning UNSEALED_SEGMENT');

      const points = JSON.parse((await runCli(['points', root, '--json'])).out) as {
        points: { frameNo: number; time: string | null }[];
      };
      expect(points.points.length).toBeGreaterThan(6);
      const middle = points.points[Math.floor(points.points.length / 2)];
      expect(middle?.time).toMatch(/^20\d\d-/);

      const meta = JSON.parse((await runCli(['meta', '--dir', root, '--namespace', 'analytics', '--json'])).out) as {
        maxFrameNo: number;
      };
      expect(meta.maxFrameNo).toBe(list.maxFrameNo);

      const fetchFrame = async (frameNo: number | undefined, name: string) => {
        const into = join(await tempDir(), name);
        const args = ['--frame', String(frameNo), '--dest', into, '--json'];
        return { into, run: await runCli(['fetch', '--dir', join(root, 'dbs', 'analytics'), ...args]) };
      };
      const { into: dest, run: fetched } = await fetchFrame(list.segments[1]?.startFrameNo, 'held.seg');
      expect(fetched.code).toBe(0);
      const held = JSON.parse(fetched.out) as { source: string; key: string; cachedPath: string };
      expect(held).toMatchObject({ source: 'local', key: list.segments[1]?.file });
      // A sealed segment is never written again: it is handed out as a hard link, as the seed's are.
      expect(list.segments[1]?.format).toBe('sealed');
      expect((await stat(dest)).ino).toBe((await stat(held.cachedPath)).ino);
      // The current segment (unsealed) is still written in place by sqld: it is copied, never linked.
      const unsealed = list.segments.at(-1);
      const { into: liveDest, run: live } = await fetchFrame(unsealed?.endFrameNo, 'live.seg');
      expect(live.code).toBe(0);
      const liveHeld = JSON.parse(live.out) as { key: string; cachedPath: string };
      expect([unsealed?.format, liveHeld.key]).toEqual(['sealed', unsealed?.file]);
      expect((await stat(liveDest)).ino).not.toBe((await stat(liveHeld.cachedPath)).ino);
      expect((await stat(liveHeld.cachedPath)).nlink).toBe(1);

      const { path: out, run: restored } = await restoreInto('at.db', [
        '--dir',
        root,
        '--until-frame',
        String(middle?.frameNo),
        '--json',
      ]);
      expect(restored.code).toBe(0);
      expect(JSON.parse(restored.out)).toMatchObject({ untilFrameNo: middle?.frameNo });
      const db = new Database(out, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n).toBeGreaterThan(0);
      db.close();

      const { run: byTime } = await restoreInto('t.db', ['--dir', root, '--until-time', middle?.time ?? '', '--json']);
      expect(byTime.code).toBe(0);
      // The default-mode namespace: its log's pieces, the snapshot holding a frame, a point of its log.
      const classic = JSON.parse((await runCli(['list', root, '--namespace', 'classic', '--json'])).out) as ListJson;
      expect(classic.segments.map((s) => s.format)).toEqual(['sqld-snapshot', 'sqlite-wal', 'wallog', 'wallog']);
      expect((await runCli(['verify', root, '--namespace', 'classic'])).code).toBe(0);
      const snapDir = await tempDir();
      const snap = JSON.parse(
        (
          await runCli([
            'fetch',
            '--dir',
            root,
            '--namespace',
            'classic',
            '--frame',
            '3',
            '--dest',
            `${snapDir}/`,
            '--json',
          ])
        ).out,
      ) as { key: string; path: string };
      expect(snap.key).toMatch(/^snapshots\/.*-0-\d+\.snap$/);
      expect(snap.path.startsWith(snapDir)).toBe(true);
      const classicPoints = JSON.parse((await runCli(['points', root, '--namespace', 'classic', '--json'])).out) as {
        points: { frameNo: number; walFrame?: number }[];
      };
      const logPoints = classicPoints.points.filter((p) => p.walFrame === undefined);
      const logPoint = logPoints.at(-2)?.frameNo ?? -1;
      const classicAt = ['--dir', root, '--namespace', 'classic', '--json'];
      const { run: atLog } = await restoreInto('c.db', [...classicAt, '--until-frame', String(logPoint)]);
      expect(JSON.parse(atLog.out)).toMatchObject({ untilFrameNo: logPoint });
      const { run: current } = await restoreInto('now.db', classicAt);
      expect(JSON.parse(current.out)).toMatchObject({ untilFrameNo: logPoints.at(-1)?.frameNo });
      expect(await treeFingerprint(root)).toEqual(before);
    },
  );

  it(
    "the default-mode namespace's WAL commits: points shows " + 'them as wal:N, restore, sql and diff stand at them',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      expect((await runCli(['demo', root, '--segments', '4'])).code).toBe(0);
      const before = await treeFingerprint(root);
      const at = ['--dir', root, '--namespace', 'classic'];
      const text = await runCli(['points', ...at]);
      const walFrames = [...text.out.matchAll(/^\s*wal:(\d+)\s/gm)].map((m) => m[1] ?? '');
      expect(walFrames.length).toBeGreaterThan(2);
      expect(walFrames[0]).toBe('0');
      for (const walFrame of walFrames) {
        const { path: out, run: restored } = await restoreInto('at.db', [...at, '--until-frame', `wal:${walFrame}`]);
        // wal:0 is data alone, every later commit data and the data-wal frames up to it.
        if (walFrame === '0')
          expect(restored.out).toMatch(/ as of wal:0 \(the log ends at frame \d+\) from data alone /);
        else expect(restored.out).toContain(`as of wal:${walFrame} (data + data-wal`);
        const db = new Database(out, { readonly: true });
        const table = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'").get();
        const query = `SELECT * FROM "${table?.name ?? 'missing'}" ORDER BY rowid`;
        const rows = db.prepare(query).raw().all();
        db.close();
        const sql = await runCli(['sql', ...at, query, '--at-frame', `wal:${walFrame}`, '--limit', '100000', '--json']);
        const answer = JSON.parse(sql.out) as { atWalFrame: number; rows: unknown[][] };
        expect(answer.atWalFrame).toBe(Number(walFrame));
        expect(answer.rows.length).toBe(rows.length);
      }
      const diff = await runCli(['diff', ...at, '--from', `wal:${walFrames[0]}`, '--to', `wal:${walFrames.at(-1)}`]);
      expect(diff.code).toBe(0);
      expect(diff.out).toContain(`from wal:${walFrames[0]} to wal:${walFrames.at(-1)}`);
      expect(diff.out).not.toContain('no changes');
      const { run: none } = await restoreInto('n.db', [root, '--namespace', 'default', '--until-frame', 'wal:1']);
      expect(none.code).toBe(1);
      expect(none.err).toContain('FRAME_NOT_FOUND');
      expect(await treeFingerprint(root)).toEqual(before);
    },
  );

  it('a time before the first point names the first one', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await runCli(['demo', root, '--segments', '4']);
    const { run } = await restoreInto('x.db', ['--dir', root, '--until-time', '2001-01-01T00:00:00Z']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^segscope: FRAME_NOT_FOUND: no restore point is at or before .*the first is frame \d+ at 20/,
    );
  });
});
