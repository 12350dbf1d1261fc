import { describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../core/model/results.js';
import { runCli } from '../../support/cli.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

describe("verify of a namespace sqld left open (its .sentinel, FORMAT-sqld's 14.8)", () => {
  it('names the marker DIRTY_SHUTDOWN, as a warning, and does not count it among the files verified', async () => {
    const at = [SQLD_DEFAULT_SAMPLE, '--namespace', 'default'];
    const json = await runCli(['verify', ...at, '--json']);
    expect(json.code, json.err).toBe(0);
    const result = JSON.parse(json.out) as VerifyResult;
    const sentinel = result.segments.filter((s) => s.file === '.sentinel');
    expect(sentinel).toEqual([
      {
        file: '.sentinel',
        ok: true,
        noteOnly: true,
        problems: [{ code: 'DIRTY_SHUTDOWN', severity: 'warning', message: expect.stringMatching(/clean shutdown/) }],
      },
    ]);

    const text = await runCli(['verify', ...at]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^ok +\.sentinel\n +warning DIRTY_SHUTDOWN: sqld is running, or it stopped /m);
    const checked = result.segments.length - sentinel.length;
    expect(text.out.trimEnd().split('\n').at(-1)).toBe(`all ${checked} verified`);
  });
});
