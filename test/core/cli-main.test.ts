import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/cli.js';

describe('segscope command front', () => {
  it('answers an unknown command with exit 2 and one stable error line', async () => {
    const { code, out, err } = await run(['frobnicate']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^segscope: INVALID_ARGUMENT: unknown command "frobnicate"/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('prints usage on stderr with exit 2 when no command is given', async () => {
    const { code, err } = await run([]);
    expect(code).toBe(2);
    expect(err).toContain('usage: segscope <command>');
  });

  it('prints help on stdout with exit 0 when asked', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: segscope <command>');
  });
});
