import type { Locator, Page } from 'playwright-core';

/**
 * Cells of the Segments table whose text does not fit or that sit past its right edge: every header,
 * and the Start frame, Created and Status cells of the rows drawn. Each is named by its column and text.
 */
export async function cutCells(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const table = document.querySelector('[role="table"][aria-label="Segments"]');
    if (!table) return ['no Segments table'];
    const heads = [...table.querySelectorAll('[role="columnheader"]')];
    const names = heads.map((h) => h.textContent.trim());
    const watched = ['Start frame', 'Created', 'Status'].map((n) => names.findIndex((t) => t.startsWith(n)));
    const cut = [];
    const edge = table.getBoundingClientRect().left + table.clientWidth + 0.5;
    const check = (cell, column) => {
      if (cell.scrollWidth > cell.clientWidth) cut.push(column + ': ' + cell.textContent);
      else if (cell.getBoundingClientRect().right > edge) cut.push(column + ' out of view: ' + cell.textContent);
    };
    heads.forEach((h, i) => check(h, 'header ' + i));
    for (const row of table.querySelectorAll('[role="rowgroup"][aria-label="Segment rows"] [role="row"]')) {
      const cells = row.querySelectorAll('[role="cell"]');
      for (const i of watched) if (i >= 0 && cells[i]) check(cells[i], names[i]);
    }
    if (table.scrollWidth > table.clientWidth) cut.push('the table scrolls sideways');
    return cut;
  })()`);
}

/**
 * How many pixels of the timeline's axis area are drawn in the page's text colour: labels drawn
 * in another scheme's colour (dark on dark) count none.
 */
export async function axisLabelPixels(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const canvas = document.querySelector('canvas[aria-label^="Timeline of frame ranges"]');
    if (!canvas) return -1;
    const ctx = canvas.getContext('2d');
    const hex = getComputedStyle(canvas).getPropertyValue('--fg').trim().replace('#', '');
    const fg = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const top = Math.round(canvas.height * 0.68);
    const data = ctx.getImageData(0, top, canvas.width, canvas.height - top).data;
    let near = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue;
      const d = Math.abs(data[i] - fg[0]) + Math.abs(data[i + 1] - fg[1]) + Math.abs(data[i + 2] - fg[2]);
      if (d < 48) near++;
    }
    return near;
  })()`);
}

/** The windows the screen must fit, each with the least height of the Segments rows area in it. */
export const WINDOWS = [
  [1024, 700, 200],
  [1440, 900, 360],
  [1920, 1080, 360],
] as const;

/** The named parts of the shell, which must never overlap. */
const PARTS = [
  ['banner', undefined],
  ['navigation', 'Sources'],
  ['main', undefined],
  ['complementary', 'Details'],
  ['contentinfo', undefined],
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

/** The height of the Segments table's rows area: the region that scrolls the rows, not the table's outer box. */
export async function rowsAreaHeight(page: Page): Promise<number> {
  return (await page.getByRole('rowgroup', { name: 'Segment rows' }).boundingBox())?.height ?? 0;
}

/**
 * What does not fit a window of `width` x `height`, in words: named parts of the shell that overlap
 * or reach past the window, a page that scrolls sideways, and a Segments rows area under `least` px
 * (0 while another tab hides the rows).
 * Empty when everything fits.
 */
export async function misfits(page: Page, width: number, height: number, least: number): Promise<string[]> {
  const found: string[] = [];
  const boxes: [string, Box][] = [];
  for (const [role, name] of PARTS) {
    const label = `${role}${name ? ` ${name}` : ''}`;
    const box = await page.getByRole(role, name ? { name } : {}).boundingBox();
    if (box) boxes.push([label, box]);
    else found.push(`${label} is not on screen`);
  }
  for (const [i, [a, boxA]] of boxes.entries()) {
    for (const [b, boxB] of boxes.slice(i + 1)) if (overlap(boxA, boxB)) found.push(`${a} overlaps ${b}`);
    if (boxA.x + boxA.width > width + 0.5) found.push(`${a} reaches past the window's right edge`);
    if (boxA.y + boxA.height > height + 0.5) found.push(`${a} reaches past the window's bottom`);
  }
  const sideways = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  if (sideways > 0) found.push(`the page scrolls ${sideways} px sideways`);
  // On another tab the rows are hidden: `least` 0 leaves them unmeasured.
  const rows = least > 0 ? await rowsAreaHeight(page) : 0;
  if (rows < least) found.push(`the Segments rows area is ${rows} px tall, under ${least} px`);
  return found;
}

/** What `unfit` reads of an element inside the browser (the type-check runs without the DOM's types). */
interface LaidOut {
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { left: number; right: number; top: number; bottom: number };
  previousElementSibling: LaidOut | null;
  nextElementSibling: LaidOut | null;
}

/**
 * What keeps an element from being read whole, in words: text cut at its side (it would scroll
 * sideways), a box past the window's right edge, or one over the element before or after it.
 * Empty when it fits.
 */
export function unfit(element: Locator, windowWidth: number): Promise<string[]> {
  return element.evaluate((el: LaidOut, width: number) => {
    const found: string[] = [];
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth) found.push(`its text is cut: ${el.scrollWidth} px in ${el.clientWidth}`);
    if (box.left < 0 || box.right > width + 0.5) found.push(`it reaches past the window: ${box.left}..${box.right}`);
    for (const [side, other] of [
      ['before', el.previousElementSibling],
      ['after', el.nextElementSibling],
    ] as const) {
      const o = other?.getBoundingClientRect();
      const apart = !o || o.bottom <= box.top + 0.5 || box.bottom <= o.top + 0.5;
      const beside = !o || o.right <= box.left + 0.5 || box.right <= o.left + 0.5;
      if (!apart && !beside) found.push(`it overlaps the element ${side} it`);
    }
    return found;
  }, windowWidth);
}
