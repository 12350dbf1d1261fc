import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

/** What the check inside the page reads of an element: its text nodes, each measured by a Range. */
interface RangeHost {
  childNodes: ArrayLike<{ nodeType: number }> & Iterable<{ nodeType: number }>;
  ownerDocument: { createRange(): { selectNodeContents(n: unknown): void; getClientRects(): { length: number } } };
}

/** 136 characters: past the 128 a namespace name may have. */
const LONG = `tenant-${'verylongname'.repeat(10)}-eu-west-1-prod`.slice(0, 136);

describe('a namespace folder whose name is too long (Chromium)', () => {
  const shown = folderScreen(
    'long-namespace',
    async (home) => {
      const root = join(home, 'data.sqld');
      await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
      await cp(join(root, 'dbs', 'tenant-b'), join(root, 'dbs', LONG), { recursive: true });
      return root;
    },
    { width: 1024, height: 700 },
  );

  it("Sources keeps its code whole, and choosing it gives the commands' sentence", async () => {
    expect(LONG).toHaveLength(136);
    const { page } = shown().screen;
    const row = page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^tenant-very/ });
    const code = row.locator('code');
    await expect.poll(() => code.textContent()).toBe('INVALID_ARGUMENT');
    // Broken only after its "_": each word of it on one line, none past the row's edge.
    const lines = await code.evaluate((el: RangeHost) => {
      const words = [...el.childNodes].filter((n) => n.nodeType === 3);
      return words.map((word) => {
        const range = el.ownerDocument.createRange();
        range.selectNodeContents(word);
        return range.getClientRects().length;
      });
    });
    expect(lines).toEqual([1, 1]);
    const [codeBox, rowBox] = await Promise.all([code.boundingBox(), row.boundingBox()]);
    expect(codeBox && rowBox && codeBox.x + codeBox.width <= rowBox.x + rowBox.width).toBe(true);
    await row.click();
    await expect.poll(() => page.getByText('is not a usable namespace name').count()).toBeGreaterThan(0);
    expect(await page.getByText('1 to 128 letters, digits, "_", ".", ":" or "-", after its layout').count()).toBe(0);
    // The banner's sentence wraps inside it: nothing of it past the window's edge.
    const banner = page.getByRole('alert').filter({ hasText: 'INVALID_ARGUMENT' });
    const overflow = await banner.evaluate((el: { scrollWidth: number; clientWidth: number }) => [
      el.scrollWidth,
      el.clientWidth,
    ]);
    expect(overflow[0]).toBeLessThanOrEqual(overflow[1] ?? 0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `screen-long-namespace-1024x700-${scheme}`);
    }
  });
});
