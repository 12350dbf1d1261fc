import type { Page } from 'playwright-core';

/** The browser's DataTransfer: the drop's callback runs in the page, where it exists. */
declare const DataTransfer: new () => { items: { add(file: File): void } };

/** Drops files on the store region, as an operator drags them from a file manager. */
export async function dropFiles(page: Page, files: { name: string; bytes: number[] }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return dt;
  }, files);
  await page
    .getByRole('region', { name: 'Drop segment files to store' })
    .dispatchEvent('drop', { dataTransfer: transfer });
}
