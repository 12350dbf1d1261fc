import { resolve } from 'node:path';
import type { InspectResult } from '../../model/results.js';
import { hasErrors } from '../../format/problem.js';
import { type Command, parseU64, stringOption, usageError } from '../command.js';
import { hexDump } from '../../inspect/hex-dump.js';
import type { PageView } from '../../inspect/page-view.js';
import { printable } from '../printable.js';

function render(r: InspectResult): string {
  const lines = [printable(r.file), `format: ${r.format}`];
  if (r.header) for (const [field, value] of Object.entries(r.header)) lines.push(`${field}: ${String(value)}`);
  lines.push(`size: ${r.actualSize} bytes (expected ${r.expectedSize ?? 'unknown'})`);
  lines.push(
    `file name agrees with header: ${
      r.nameAgrees === null ? 'name is not a segment ' + 'key' : r.nameAgrees ? 'yes' : 'NO'
    }`,
  );
  const c = r.checksum;
  lines.push(
    `checksum: ${
      c.ok === null ? 'not checked' : c.ok ? 'ok' : `MISMATCH (stored ${c.stored}, ` + `computed ${c.computed})`
    }`,
  );
  for (const p of r.problems) lines.push(`${p.severity} ${p.code}: ${printable(p.message)}`);
  if (r.problems.length === 0) lines.push('no problems found');
  for (const f of r.frames ?? [])
    lines.push(`frame ${f.index}: page ${f.pageNo}, frame ${f.frameNo}, size after ${f.sizeAfter}`);
  return lines.join('\n');
}

function renderPage(view: PageView): string {
  const lines = [`page ${view.pageNo}, frame ${view.frameNo} (frame ${view.frameIndex} of the segment)`];
  for (const [field, value] of Object.entries(view.database ?? {})) lines.push(`database ${field}: ${value}`);
  if (view.btree) for (const [field, value] of Object.entries(view.btree)) lines.push(`${field}: ${value ?? '-'}`);
  else lines.push('not a b-tree page (overflow, freelist or pointer-map page)');
  lines.push(hexDump(view.hex));
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }) {
    const [{ inspectFile }, { readPageView }] = await Promise.all([
      import('../../inspect/inspect-file.js'),
      import('../../inspect/page-view.js'),
    ]);
    const path = resolve(positionals[0] ?? '');
    const pageText = stringOption(values, 'page');
    if (pageText !== undefined) {
      const pageNo = Number(parseU64(pageText, '--page'));
      if (pageNo < 1 || pageNo > 0xffffffff) throw usageError('--page must be a page number from 1 to 4294967295');
      const view = await readPageView(path, pageNo);
      return { json: view, text: renderPage(view), exitCode: 0 };
    }
    const result = await inspectFile(path, { frames: values.frames === true });
    return { json: result, text: render(result), exitCode: hasErrors(result.problems) ? 1 : 0 };
  },
};
