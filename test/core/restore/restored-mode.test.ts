import { chmod, cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

const SQLD = join(process.cwd(), 'test', 'vectors', 'libsql-wal', 'sqld');

describe('a restored database', () => {
  it("is 0644 though sqld's data file it starts from is read-only", async () => {
    const root = join(await tempDir(), 'sqld');
    await cp(SQLD, root, { recursive: true });
    await chmod(join(root, 'dbs', 'default', 'data'), 0o444);
    const out = join(await tempDir(), 'r.db');
    const run = await runCli(['restore', root, '--out', out]);
    expect(run.code, run.err).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o644);
  });
});
