import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameBytes, nameFromBytes } from '../../core/fs-names.js';
import { generateWorkload, type GeneratedSegment } from '../../core/workload/generate.js';
import { runCli } from '../support/cli.js';
import { expectSameDatabase } from '../support/real-data.js';
import { tempDir } from '../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

const BINARY = join(process.cwd(), 'bin', 'segscope.cjs');

/** Runs the real binary with arguments given as bytes (a shell's printf), as a person's terminal would. */
function runWithByteArgs(args: readonly Buffer[]): { code: number; out: string; err: string } {
  // Each argument is written in hex and turned back into bytes by the shell's printf, so Node never
  // sees them as strings on the way in.
  const hex = args.map((a) => [...a].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join(''));
  const script = `exec "${process.execPath}" "${BINARY}" ${hex.map((h) => `"$(printf '${h}')"`).join(' ')}`;
  try {
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, out, err: '' };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, out: failed.stdout, err: failed.stderr };
  }
}

/** Bytes of random lengths, half of them valid UTF-8 text and half anything at all. */
function randomNames(count: number, seed: number): Buffer[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const names: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + next(12);
    if (i % 2 === 0) names.push(Buffer.from(Array.from({ length }, () => next(256))));
    else names.push(Buffer.from(String.fromCodePoint(...Array.from({ length }, () => 32 + next(0x2ffff))), 'utf8'));
  }
  return names;
}

describe('file names that are not UTF-8', () => {
  it('decode to a string that gives back the exact bytes, and valid UTF-8 stays itself', () => {
    const samples = [
      Buffer.from('plain.seg'),
      Buffer.from([0x61, 0xff, 0x2e, 0x73, 0x65, 0x67]),
      Buffer.from([0xe2, 0x82]), // a sequence cut short
      Buffer.from([0xed, 0xb0, 0x80]), // an encoded surrogate, which UTF-8 forbids
      Buffer.from([0xc0, 0xaf]), // an overlong '/'
      Buffer.from('é€😀', 'utf8'),
      ...randomNames(3000, 7),
    ];
    for (const bytes of samples) {
      const name = nameFromBytes(bytes);
      expect(nameBytes(name).equals(bytes), bytes.toString('hex')).toBe(true);
      const utf8 = bytes.toString('utf8');
      if (Buffer.from(utf8, 'utf8').equals(bytes)) expect(name).toBe(utf8);
    }
    expect(nameFromBytes(Buffer.from([0x61, 0xff]))).toBe('a\udcff');
  });

  it('a segment so named is listed, verified, inspected and restored through the command', async () => {
    const dir = join(await tempDir(), 'loose');
    await mkdir(dir);
    const segments: GeneratedSegment[] = [];
    await generateWorkload({
      transactions: 12,
      rowsPerTransaction: 5,
      framesPerSegment: 12,
      transactionsPerSegment: 3,
      seed: 3,
      keepSnapshots: true,
      onSegment: (segment) => {
        segments.push(segment);
      },
    });
    expect(segments.length).toBeGreaterThan(2);
    const odd = Buffer.concat([Buffer.from('seg-'), Buffer.from([0xff, 0xfe]), Buffer.from('.seg')]);
    const cut = Buffer.concat([Buffer.from('part-'), Buffer.from([0xe2, 0x82]), Buffer.from('.seg')]);
    const dirBytes = Buffer.from(dir);
    const names = segments.map((s, i) => (i === 0 ? odd : i === 1 ? cut : Buffer.from(`${i}.seg`)));
    segments.forEach((s, i) => writeFileSync(Buffer.concat([dirBytes, Buffer.from('/'), names[i] as Buffer]), s.bytes));

    const verify = runWithByteArgs([Buffer.from('verify'), dirBytes]);
    expect(verify.code, verify.out + verify.err).toBe(0);
    expect(verify.out).toContain('ok      seg-\\xff\\xfe.seg');
    expect(verify.out).toContain('ok      part-\\xe2\\x82.seg');
    expect(verify.out).toContain(`all ${segments.length + 1} verified`); // and the chain

    const list = runWithByteArgs([Buffer.from('list'), dirBytes, Buffer.from('--json')]);
    expect(list.code, list.err).toBe(0);
    const files = (JSON.parse(list.out) as { segments: { file: string }[] }).segments.map((s) => s.file);
    expect(list.out).toContain('"file": "seg-\\udcff\\udcfe.seg"');
    expect(files.map((f) => nameBytes(f).toString('hex')).sort()).toEqual(names.map((n) => n.toString('hex')).sort());

    const path = Buffer.concat([dirBytes, Buffer.from('/'), odd]);
    const inspect = runWithByteArgs([Buffer.from('inspect'), path]);
    expect(inspect.code, inspect.err).toBe(0);
    expect(inspect.out).toContain('checksum: ok');
    expect(inspect.out.split('\n')[0]).toBe(`${dir}/seg-\\xff\\xfe.seg`);

    const out = join(await tempDir(), 'restored.db');
    const restore = runWithByteArgs([Buffer.from('restore'), dirBytes, Buffer.from('--out'), Buffer.from(out)]);
    expect(restore.code, restore.err).toBe(0);
    await expectSameDatabase(out, segments.at(-1)?.snapshot ?? null);
    // A restore standing on the oddly named segment alone.
    const first = join(await tempDir(), 'first.db');
    const end = String(segments[0]?.endFrameNo);
    const early = runWithByteArgs(['restore', dir, '--until-frame', end, '--out', first].map((a) => Buffer.from(a)));
    expect(early.code, early.err).toBe(0);
    await expectSameDatabase(first, segments[0]?.snapshot ?? null);
  });

  it('a sqld namespace folder so named is listed as not read, saying sqld names namespaces in UTF-8', async () => {
    // sqld's NamespaceName::from_bytes refuses bytes that are not UTF-8: no namespace of sqld's has such a name.
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    mkdirSync(Buffer.concat([Buffer.from(join(root, 'dbs', 'n')), Buffer.from([0xff, 0xfe])]));
    const json = await runCli(['namespaces', root, '--json']);
    expect(json.code).toBe(1);
    const listed = (JSON.parse(json.out) as { namespaces: { name: string; error?: { code: string } }[] }).namespaces;
    expect(listed.map((ns) => [ns.name, ns.error?.code])).toEqual([
      ['default', undefined],
      ['n\udcff\udcfe', 'INVALID_ARGUMENT'],
      ['tenant-b', undefined],
    ]);
    const text = await runCli(['namespaces', root]);
    expect(text.out).toContain(
      'not read: n\\xff\\xfe: INVALID_ARGUMENT: "n\\xff\\xfe" is not a usable namespace name: it is not UTF-8, ' +
        'and sqld names every namespace in UTF-8\n',
    );
  });
});
