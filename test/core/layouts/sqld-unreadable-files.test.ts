import { chmod, cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');
// Permissions hold for everyone but root: as root, the command runs as nobody.
const AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

/** A copy of the sample anyone may read, an output folder anyone may write, and tenant-b's folder. */
async function readableCopy(): Promise<{ root: string; ns: string; outDir: string }> {
  const dir = await tempDir();
  await chmod(dir, 0o755);
  const root = join(dir, 'data.sqld');
  await cp(SAMPLE, root, { recursive: true });
  const outDir = join(dir, 'out');
  await mkdir(outDir);
  await chmod(outDir, 0o777);
  return { root, ns: join(root, 'dbs', 'tenant-b'), outDir };
}

describe('a default-mode namespace with a file or folder it cannot read', () => {
  it('an unreadable data-wal is IO_ERROR, never taken for an absent one (data alone as current state)', async () => {
    const { root, ns, outDir } = await readableCopy();
    await chmod(join(ns, 'data-wal'), 0);
    const verified = await runBinary(['verify', root, '--namespace', 'tenant-b', '--json'], {}, AS);
    expect(verified.code).toBe(1);
    const entry = (
      JSON.parse(verified.out) as { segments: { file: string; problems: { code: string }[] }[] }
    ).segments.find((s) => s.file === 'data-wal');
    expect(entry?.problems.map((p) => p.code)).toEqual(['IO_ERROR']);
    const restored = await runBinary(
      ['restore', root, '--namespace', 'tenant-b', '--out', join(outDir, 'r.db')],
      {},
      AS,
    );
    expect(restored.code).toBe(2);
    expect(restored.err).toMatch(
      /^segscope: IO_ERROR: "data-wal" is there but cannot be read.*: its newest point is frame 175\)\n$/,
    );
    expect(await readdir(outDir)).toEqual([]);
  });

  it('a namespace folder it cannot search is IO_ERROR naming it, not an internal error', async () => {
    const { root, ns } = await readableCopy();
    await chmod(ns, 0);
    const listed = await runBinary(['list', root, '--namespace', 'tenant-b'], {}, AS);
    expect(listed.code).toBe(2);
    expect(listed.err).toBe(
      `segscope: IO_ERROR: the namespace folder is not readable or writable (permission denied): ${ns}\n`,
    );
  });

  it('namespaces lists the others and shows the one it cannot search with its code (exit 1)', async () => {
    const { root, ns } = await readableCopy();
    await chmod(ns, 0);
    const text = await runBinary(['namespaces', root], {}, AS);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^default +4 +307 +local +default-mode$/m);
    expect(text.out).toMatch(/^tenant-b +- +- +local/m);
    expect(text.out).toContain(`not read: tenant-b: IO_ERROR: the namespace folder is not readable or writable`);
    const json = await runBinary(['namespaces', root, '--json'], {}, AS);
    expect(json.code).toBe(1);
    const { namespaces } = JSON.parse(json.out) as {
      namespaces: { name: string; segments: number; error?: { code: string; message: string } }[];
    };
    expect(namespaces.map((n) => [n.name, n.segments, n.error?.code])).toEqual([
      ['default', 4, undefined],
      ['tenant-b', 0, 'IO_ERROR'],
    ]);
  });
});
