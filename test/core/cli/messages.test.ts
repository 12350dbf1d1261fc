import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

/** The error line, without the notes Node's version may add before it. */
const errorLine = (err: string) => err.trimEnd().split('\n').at(-1) ?? '';

describe('messages read as sentences', () => {
  it('a remote that cannot be reached while listing the whole bucket: no empty key slot in the message', async () => {
    const run = await runBinary(
      ['namespaces', await tempDir(), '--remote', 's3://bkt', '--endpoint', 'http://127.0.0.1:9'],
      { AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' },
    );
    const line = errorLine(run.err);
    expect(line).toMatch(/^segscope: REMOTE_UNAVAILABLE: .* while listing the bucket: /);
    expect(line).not.toMatch(/ {2}| :/);
  });

  it("fetch of a frame checkpointed into sqld's data file says so, and which point restores it", async () => {
    const sqld = join(process.cwd(), 'test', 'vectors', 'libsql-wal', 'sqld');
    const run = await runCli(['fetch', sqld, '--frame', '10', '--dest', join(await tempDir(), 'x.seg')]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^segscope: FRAME_NOT_FOUND: frame 10 of namespace "default" is checkpointed into /);
    expect(run.err).toMatch(/the database file .*data \(frames up to 29\).*--until-frame 29/);
  });
});
