import type { Page, Route } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';

/** Whether a response answers the page's `/api/sql` call whose query holds `marker`. */
export const sqlAnswer =
  (marker: string) =>
  (response: { url(): string; request(): { postData(): string | null } }): boolean =>
    new URL(response.url()).pathname === '/api/sql' && (response.request().postData() ?? '').includes(marker);

/**
 * Starts counting, in the page, the app's `/api/sql` calls whose query holds `marker`, read back by
 * `sent`. fetch is called in the task that asks, so the count is right as soon as that task ends.
 */
export async function countSent(page: Page, marker: string): Promise<void> {
  const key = JSON.stringify(marker);
  await page.evaluate(`(() => {
    window.sent ??= {};
    const counted = ${key} in window.sent;
    window.sent[${key}] = 0;
    if (counted) return;
    const original = window.fetch.bind(window);
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/sql') && String(init?.body).includes(${key})) window.sent[${key}] += 1;
      return original(input, init);
    };
  })()`);
}
export const sent = (page: Page, marker: string) => page.evaluate<number>(`window.sent[${JSON.stringify(marker)}]`);

/** The header holdNext marks the answers it held with, each with its own number, for the page to list them. */
const HELD = 'x-test-held';
let held = 0;

/**
 * Lists, in the page, the numbers of the held answers the app has read and acted on: a number is
 * listed in a task after the one that read the body, so after the app's own steps on it (its awaits,
 * the store's update and React's render, all microtasks of that task).
 */
const LIST_HELD_READ = `(() => {
  if (window.heldRead !== undefined) return;
  window.heldRead = [];
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const number = response.headers.get('${HELD}');
    if (number === null) return response;
    const text = response.text.bind(response);
    response.text = async () => {
      const body = await text();
      setTimeout(() => window.heldRead.push(number));
      return body;
    };
    return response;
  };
})()`;

/**
 * Holds the page's next call of `method` (whose body holds `marker`, where given): the server
 * answers it at once (`answered`, for the namespace open then), and the page is handed that answer
 * only on `release`, which resolves once the app has read and acted on it.
 */
export async function holdNext(
  page: Page,
  method: string,
  marker = '',
): Promise<{ answered: Promise<void>; release: () => Promise<void> }> {
  await page.evaluate(LIST_HELD_READ);
  const number = String(++held);
  let hand: () => void = () => undefined;
  const handed = new Promise<void>((resolve) => (hand = resolve));
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  let taken = false;
  const hold = async (route: Route) => {
    if (taken || !(route.request().postData() ?? '').includes(marker)) return route.fallback();
    taken = true;
    const response = await route.fetch();
    answer();
    await handed;
    await route.fulfill({ response, headers: { ...response.headers(), [HELD]: number } });
  };
  await page.route(`**/api/${method}`, hold);
  onTestFinished(() => page.unroute(`**/api/${method}`, hold));
  return {
    answered,
    release: async () => {
      hand();
      await expect.poll(() => page.evaluate<string[]>('window.heldRead')).toContain(number);
    },
  };
}

/**
 * Holds the page's calls of `method` on their way to the server: `seen` when the first is sent,
 * all go on at `letGo`. The route stays until the test ends: with no route left, Chromium stops
 * intercepting and lets a held request go.
 */
export async function holdCalls(page: Page, method: string): Promise<{ seen: Promise<void>; letGo: () => void }> {
  let see: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (see = resolve));
  let letGo: () => void = () => undefined;
  const goneOn = new Promise<void>((resolve) => (letGo = resolve));
  const hold = async (route: Route) => {
    see();
    await goneOn;
    await route.continue();
  };
  await page.route(`**/api/${method}`, hold);
  // A test that fails before it lets them go leaves none held for the next.
  onTestFinished(() => {
    letGo();
    return page.unroute(`**/api/${method}`, hold);
  });
  return { seen, letGo };
}
