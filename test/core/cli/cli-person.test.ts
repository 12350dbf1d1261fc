import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../core/cli/commands/index.js';
import { runBinary as run } from '../../support/cli.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/** The command as a person meets it, through the installed binary, on the demo's own data. */
let demo = '';
let points: bigint[] = [];

let demoRoot = '';

beforeAll(async () => {
  demoRoot = await mkdtemp(join(tmpdir(), 'segscope-test-'));
  demo = join(demoRoot, 'demo.sqld');
  const made = await run(['demo', demo, '--segments', '6']);
  expect(made.code, made.err).toBe(0);
  const listed = JSON.parse((await run(['points', demo, '--json'])).out) as { points: { frameNo: number }[] };
  points = listed.points.map((p) => BigInt(p.frameNo));
}, 60_000);

afterAll(() => rm(demoRoot, { recursive: true, force: true }));

const point = (at: number): string => String(points[Math.floor(points.length * at)]);

describe('a location, named either way', () => {
  it('gives each command the same answer as <path> and as --dir <path>', async () => {
    const cases = [
      ['namespaces'],
      ['list', '--namespace', 'analytics'],
      ['verify'],
      ['points'],
      ['meta'],
      ['sql', 'SELECT count(*) FROM accounts', '--at-frame', point(0.5)],
      ['diff', '--from', point(0.3), '--to', point(0.6)],
    ];
    for (const [name = '', ...rest] of cases) {
      const positional = await run([name, demo, ...rest, '--json']);
      const named = await run([name, ...rest, '--dir', demo, '--json']);
      expect(positional.code, `${name}: ${positional.err}`).toBe(0);
      expect(named, name).toEqual(positional);
    }
    for (const form of [[demo], ['--dir', demo]]) {
      const out = join(await tempDir(), 'r.db');
      const restored = await run(['restore', ...form, '--out', out, '--until-frame', point(0.5), '--json']);
      expect(restored.code, restored.err).toBe(0);
      expect(JSON.parse(restored.out)).toMatchObject({ out, untilFrameNo: Number(point(0.5)) });
      const fetched = await run([
        'fetch',
        ...form,
        '--frame',
        point(0.5),
        '--dest',
        join(await tempDir(), 'f.seg'),
        '--json',
      ]);
      expect(fetched.code, fetched.err).toBe(0);
    }
  });

  it('refuses a location given twice, or not at all, and says so in one balanced line', async () => {
    const twice = await run(['list', demo, '--dir', demo]);
    expect(twice).toMatchObject({ code: 2, out: '' });
    expect(twice.err).toMatch(/^segscope: INVALID_ARGUMENT: the location is given twice/);
    const none = await run(['points']);
    expect(none.err).toBe(
      'segscope: INVALID_ARGUMENT: points needs a location: segscope points <path> (or --dir <path>)\n',
    );
    const unknown = await run(['list', demo, '--frame', '3']);
    expect(unknown.code).toBe(2);
    const line = unknown.err.trimEnd();
    expect(line).toMatch(/^segscope: INVALID_ARGUMENT: unknown option --frame for list; "segscope list --help"/);
    for (const quote of ['"', "'"]) expect(line.split(quote).length % 2, `${quote} in ${line}`).toBe(1);
  });
});

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `segscope ${pkg.version}\n`, err: '' });
  });

  it('every help fits 100 columns, and each command shows an example of itself', async () => {
    const main = await run(['--help']);
    expect(main.code).toBe(0);
    for (const spec of COMMANDS) expect(main.out).toContain(`\n  ${spec.name} `);
    const pages = [main.out];
    for (const spec of COMMANDS) {
      const help = await run([spec.name, '--help']);
      expect(help.code, spec.name).toBe(0);
      expect(help.out, spec.name).toMatch(new RegExp(`\\nexamples?:\\n {2}segscope ${spec.name} `));
      pages.push(help.out);
    }
    const long = pages.flatMap((page) => page.split('\n')).filter((line) => line.length >= 100);
    expect(long).toEqual([]);
  });
});

describe('text for people, JSON for programs', () => {
  it('names the namespace, and says when the default was taken among several', async () => {
    for (const name of ['list', 'points', 'verify', 'meta']) {
      const chosen = await run([name, demo]);
      expect(chosen.out, name).toMatch(
        /namespace default \(the default of 3 here: analytics, classic; --namespace picks another\)/,
      );
      const asked = await run([name, demo, '--namespace', 'analytics']);
      expect(asked.out, name).toContain('namespace analytics');
      expect(asked.out, name).not.toContain('the default');
    }
    const only = await run(['points', join(demo, 'dbs', 'analytics')]);
    expect(only.out.split('\n')[0]).toMatch(/ restore points of namespace analytics$/);
    const json = JSON.parse((await run(['list', demo, '--json'])).out) as { namespace: string };
    expect(json.namespace).toBe('default');
  });

  it('points and namespaces print a header over aligned columns', async () => {
    const [title, header, first] = (await run(['points', demo])).out.split('\n');
    expect(title).toMatch(/^\d+ restore points of namespace default/);
    expect(header).toMatch(/^frame +time +segment$/);
    // Frame numbers end where the header's "frame" ends; times start under "time".
    const end = (header?.indexOf('frame') ?? 0) + 'frame'.length;
    expect(first?.slice(0, end)).toMatch(/^ *\d+$/);
    expect(first?.slice(header?.indexOf('time'))).toMatch(/^(-|20\d\d-)/);
    const ns = (await run(['namespaces', demo])).out.split('\n');
    expect(ns.slice(0, 2)).toEqual([
      '3 namespaces (sqld layout)',
      expect.stringMatching(/^namespace +segments +max frame +location +kind$/),
    ]);
  });

  it('sql counts "1 row", cuts long blobs with their length, and --json keeps them whole', async () => {
    const one = await run(['sql', demo, 'SELECT count(*) AS n FROM accounts']);
    expect(one.out.trimEnd().split('\n').slice(1)).toEqual(['n', expect.stringMatching(/^\d+$/), '1 row']);
    const query = "SELECT zeroblob(100) AS b, 'x' || printf('%.200c', 'y') AS t";
    const text = await run(['sql', demo, query]);
    expect(text.out).toContain(`x'${'00'.repeat(16)}…' (100 bytes)`);
    expect(text.out).toContain('… (201 characters)');
    const json = JSON.parse((await run(['sql', demo, query, '--json'])).out) as { rows: [{ $hex: string }, string][] };
    expect(json.rows[0]?.[0].$hex).toBe('00'.repeat(100));
    expect(json.rows[0]?.[1]).toHaveLength(201);
  });

  it('diff shows the values: whole rows added or removed, and only the changed cells', async () => {
    const args = ['diff', demo, '--from', String(points[0]), '--to', String(points.at(-1))];
    const json = JSON.parse((await run([...args, '--json'])).out) as {
      tables: {
        name: string;
        rows: { change: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
      }[];
    };
    const text = (await run(args)).out;
    const accounts = json.tables.find((t) => t.name === 'accounts');
    const added = accounts?.rows.find((r) => r.change === 'added');
    const changed = accounts?.rows.find((r) => r.change === 'changed');
    expect(text).toContain(`name=${String(added?.after?.name)}`);
    const column = Object.keys(changed?.after ?? {}).find((c) => changed?.after?.[c] !== changed?.before?.[c]) ?? '';
    expect(text).toContain(`${column}: ${String(changed?.before?.[column])} -> ${String(changed?.after?.[column])}`);
  });
});

describe('refusals and destinations', () => {
  it("store's refusals go to stderr as segscope: CODE lines; --json keeps them in its document on stdout", async () => {
    const prefix = await tempDir();
    const src = join(await tempDir(), 'not-a-segment.bin');
    await writeFile(src, 'hello');
    const text = await run(['store', src, '--dir', prefix]);
    expect(text).toMatchObject({ code: 1, out: '' });
    expect(text.err).toMatch(/^segscope: NOT_A_SEGMENT: .*not-a-segment\.bin: /);
    const json = await run(['store', src, '--dir', prefix, '--json']);
    expect(json.err).toBe('');
    expect(JSON.parse(json.out)).toMatchObject({ refused: [{ code: 'NOT_A_SEGMENT' }] });
  });

  it('a --dest or --out ending in / is a folder, made if missing (not those above it); a file is refused', async () => {
    const base = await tempDir();
    const fetched = await run(['fetch', demo, '--frame', point(0.5), '--dest', `${join(base, 'fetchdir')}/`, '--json']);
    expect(fetched.code, fetched.err).toBe(0);
    const key = (JSON.parse(fetched.out) as { key: string }).key;
    expect(await readdir(join(base, 'fetchdir'))).toEqual([key]);
    const restored = await run(['restore', demo, '--namespace', 'analytics', '--out', `${join(base, 'dbs')}/`]);
    expect(restored.code, restored.err).toBe(0);
    expect(await readdir(join(base, 'dbs'))).toEqual(['analytics.db']);
    // The same folder without the slash names a file the folder stands in: the message says the slash writes into it.
    const bare = await run(['restore', demo, '--namespace', 'analytics', '--out', join(base, 'dbs')]);
    expect(bare.code).toBe(1);
    expect(bare.err).toBe(
      `segscope: DESTINATION_EXISTS: ${join(base, 'dbs')} already exists, a folder; choose another output file, ` +
        `or give --out ${join(base, 'dbs')}/ (with the slash) to write a file into it\n`,
    );
    expect(await readdir(join(base, 'dbs'))).toEqual(['analytics.db']);
    await writeFile(join(base, 'plain'), 'x');
    const refused = await run(['fetch', demo, '--frame', point(0.5), '--dest', `${join(base, 'plain')}/`]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^segscope: DESTINATION_EXISTS: --dest .*plain\/ names a folder, but /);
    // The folder named is made, never the folders above it: as a file's folder, they must exist.
    const deep = await run(['restore', demo, '--out', `${join(base, 'new1', 'new2')}/`]);
    expect(deep.code).toBe(2);
    expect(deep.err).toMatch(/^segscope: NOT_FOUND: --out .*new1\/new2\/ names a folder whose parent does not exist/);
    await expect(stat(join(base, 'new1'))).rejects.toThrow();
    // A file in a folder that does not exist: refused before the namespace is read, with no word of its points.
    const missing = await run(['restore', demo, '--out', join(base, 'new1', 'x.db')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      `segscope: NOT_FOUND: --out ${join(base, 'new1', 'x.db')} names a file in ${join(base, 'new1')}, which does ` +
        'not exist; Segscope never makes the folders above an output file\n',
    );
  });

  it('messages name the flag that changes the outcome', async () => {
    const dest = join(await tempDir(), 'f.seg');
    await run(['fetch', demo, '--frame', point(0.5), '--dest', dest]);
    const again = await run(['fetch', demo, '--frame', point(0.5), '--dest', dest]);
    expect(again.err).toMatch(/^segscope: DESTINATION_EXISTS: .*; --replace overwrites it\n$/);
    expect((await run(['fetch', demo, '--frame', point(0.5), '--dest', dest, '--replace'])).code).toBe(0);
    const seed = join(await tempDir(), 'seed');
    expect((await run(['demo', seed, '--layout', 'seed', '--segments', '8'])).code).toBe(0);
    const gap = await run(['restore', seed, '--out', join(await tempDir(), 'x.db')]);
    expect(gap.code).toBe(1);
    expect(gap.err).toMatch(/^segscope: CHAIN_GAP: .*; --allow-gaps rebuilds it up to the gap instead\n$/);
    // The flag the message names is there on each command that builds a point's database.
    const query = ['sql', seed, 'SELECT count(*) FROM sqlite_schema'];
    expect((await run(query)).err).toMatch(/^segscope: CHAIN_GAP: .*--allow-gaps/);
    expect((await run([...query, '--allow-gaps'])).code).toBe(0);
  });
});

describe('names from outside', () => {
  it('control characters in a name are shown escaped: nothing can overwrite a line or reach the terminal', async () => {
    const dir = await tempDir();
    const name = 'fake\rok      everything-fine.seg\u001b]0;owned\u0007\nok';
    const path = join(dir, name);
    await writeFile(path, buildSegment({ start: 1n, end: 3n }));
    const verify = await run(['verify', path]);
    expect(verify.out).toContain('fake\\rok      everything-fine.seg\\x1b]0;owned\\x07\\nok');
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 3n }]);
    await mkdir(join(prefix, 'segments', `bad\u001b[2J`));
    await writeFile(join(prefix, 'segments', `${keyFor(4n, 6n)}\r`), 'x');
    for (const argv of [
      ['verify', path],
      ['list', prefix],
      ['inspect', path],
    ]) {
      const { out, err } = await run(argv);
      expect(
        [...`${out}${err}`].filter((c) => c === '\r' || c === '\u001b' || c === '\u0007'),
        argv[0],
      ).toEqual([]);
    }
  });
});
