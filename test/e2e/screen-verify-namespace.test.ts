import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { demoScreen, folderScreen, sealedSegment } from '../support/demo-screen.js';
import { sampleCopyIn } from '../support/sqld-default-sample.js';

/** `segscope verify` of the namespace on screen: its exit code, its last line (the summary) and its warnings' codes. */
async function commandVerify(root: string): Promise<{ code: number; summary: string; warnings: string[] }> {
  const run = await runCli(['verify', root, '--namespace', 'default']);
  const lines = run.out.trim().split('\n');
  const warnings = lines.flatMap((l) => /^\s+warning (\w+):/.exec(l)?.[1] ?? []);
  return { code: run.code, summary: lines.at(-1) ?? '', warnings };
}

/** Presses Verify all and waits for its summary; returns it and the namespace findings' texts. */
async function verifyAll(page: Page): Promise<{ summary: string; findings: string[] }> {
  await page.getByRole('button', { name: 'Verify all' }).click();
  const summary = page.getByRole('status', { name: 'Verify summary' });
  await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/^Verify all: /);
  const list = page.getByRole('list', { name: 'Namespace findings' });
  const findings = (await list.count()) === 0 ? [] : await list.getByRole('listitem').allTextContents();
  return { summary: (await summary.textContent()) ?? '', findings };
}

describe('Verify all checks the namespace as `segscope verify` does, and sums it up (Chromium)', () => {
  describe('a namespace missing a segment from the middle', () => {
    const demo = demoScreen('verify-gap', { segments: 20, seed: 7 }, async (root) => {
      await rm((await sealedSegment(root, 'default', 3)).path);
    });

    it('fails on screen as the command does: CHAIN_GAP among the findings, the same count failed', async () => {
      const { root, screen } = demo();
      const command = await commandVerify(root);
      expect(command.code).toBe(1);
      expect(command.summary).toMatch(/^1 of \d+ failed$/);
      const { summary, findings } = await verifyAll(screen.page);
      expect(summary.startsWith(`Verify all: ${command.summary}`)).toBe(true);
      expect(findings).toEqual([
        expect.stringMatching(/^\(chain of segments\): error CHAIN_GAP the chain breaks first at frames \d+\.\.\d+/),
      ]);
      // Sources counts the chain among what failed, though every row's own checks passed.
      const sources = screen.page.getByRole('navigation', { name: 'Sources' });
      expect(await sources.getByRole('img', { name: /^problem: .*\b1 failed verify/ }).count()).toBe(1);
    });
  });

  describe('a default-mode namespace sqld did not shut down cleanly (its `.sentinel`)', () => {
    const shown = folderScreen('verify-sentinel', async (home) => {
      const root = await sampleCopyIn(home);
      await writeFile(join(root, 'dbs', 'default', '.sentinel'), '');
      return root;
    });

    it('warns DIRTY_SHUTDOWN on screen as the command does, with its count and every warning code', async () => {
      const { root, screen } = shown();
      const command = await commandVerify(root);
      expect(command.code).toBe(0);
      expect(command.warnings).toContain('DIRTY_SHUTDOWN');
      const { summary, findings } = await verifyAll(screen.page);
      const codes = [...new Set(command.warnings)].sort();
      const [, totals, count, shownCodes] = /^Verify all: (.+); (\d+) warnings: (.+)$/.exec(summary) ?? [];
      expect(totals).toBe(command.summary);
      expect(Number(count)).toBe(command.warnings.length);
      expect(shownCodes?.split(', ').sort()).toEqual(codes);
      expect(findings).toEqual([
        expect.stringMatching(/^\.sentinel: warning DIRTY_SHUTDOWN sqld is running, or it stopped /),
      ]);
    });
  });

  describe('a whole namespace', () => {
    const demo = demoScreen('verify-whole', { segments: 20, seed: 7 });

    it('says all verified, counting what the command counts, with no finding', async () => {
      const { root, screen } = demo();
      const command = await commandVerify(root);
      expect(command.code).toBe(0);
      expect(command.summary).toMatch(/^all \d+ verified$/);
      const { summary, findings } = await verifyAll(screen.page);
      expect(summary.startsWith(`Verify all: ${command.summary}`)).toBe(true);
      expect(findings).toEqual([]);
    });
  });
});
