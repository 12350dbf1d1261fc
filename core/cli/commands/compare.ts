import { resolve } from 'node:path';
import type { CompareResult } from '../../model/results.js';
import { compareFiles } from '../../inspect/compare.js';
import type { Command } from '../command.js';

function pages(list: number[]): string {
  return list.length === 0
    ? 'none'
    : list.length > 20
      ? `${list.slice(0, 20).join(', ')}, … (${list.length})`
      : list.join(', ');
}

function render(r: CompareResult): string {
  const lines = r.header.map(
    (f) => `${f.same ? ' ' : '*'} ${f.field.padEnd(22)} ${String(f.a).padEnd(40)} ${String(f.b)}`,
  );
  lines.push(`pages only in a: ${pages(r.pagesOnlyInA)}`);
  lines.push(`pages only in b: ${pages(r.pagesOnlyInB)}`);
  lines.push(`pages changed:   ${pages(r.pagesChanged)}`);
  lines.push(`pages the same:  ${pages(r.pagesSame)}`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ positionals }) {
    const result = await compareFiles(resolve(positionals[0] ?? ''), resolve(positionals[1] ?? ''));
    return { json: result, text: render(result), exitCode: 0 };
  },
};
