import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { damagedTenantB } from '../../support/sqld-default-sample.js';

const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;

interface PointsJson {
  points: { frameNo: number; segment: string; walFrame?: number }[];
  unreadable?: { file: string; code: string; message: string }[];
}

describe('points of a default-mode namespace with a damaged piece', () => {
  it('a wallog cut mid-frame: the snapshots, to_compact and wal:N points are listed, the wallog named', async () => {
    const root = await damagedTenantB((ns) => truncate(join(ns, 'wallog'), WALLOG_HEADER + 10 * WALLOG_FRAME + 100));
    const json = await runCli(['points', root, '--namespace', 'tenant-b', '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as PointsJson;
    expect(result.unreadable).toEqual([
      { file: 'wallog', code: 'TRUNCATED_SEGMENT', message: expect.stringContaining('committed frames are missing') },
    ]);
    const log = result.points.filter((p) => p.walFrame === undefined);
    expect(log.map((p) => p.frameNo)).toEqual([34, 73, 108, 118, 126, 130, 150]);
    expect(result.points.filter((p) => p.walFrame !== undefined).map((p) => p.walFrame)).toContain(83);
    const text = await runCli(['points', root, '--namespace', 'tenant-b']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^ +150 +- +to_compact\//m);
    expect(text.out).toMatch(/^ *wal:83 /m);
    expect(text.out).toMatch(/^not read: TRUNCATED_SEGMENT: wallog: .*the log's after it are not listed$/m);
  });
});
