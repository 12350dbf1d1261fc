import { resolve } from 'node:path';
import type { InspectResult } from '../../api/types.js';
import { inspectFile } from '../../inspect/inspect-file.js';
import type { Command } from '../command.js';

function render(r: InspectResult): string {
  const lines = [`${r.file}`, `format: ${r.format}`];
  if (r.header) for (const [field, value] of Object.entries(r.header)) lines.push(`${field}: ${String(value)}`);
  lines.push(`size: ${r.actualSize} bytes (expected ${r.expectedSize ?? 'unknown'})`);
  lines.push(`file name agrees with header: ${r.nameAgrees === null ? 'name is not a segment key' : r.nameAgrees ? 'yes' : 'NO'}`);
  const c = r.checksum;
  lines.push(`checksum: ${c.ok === null ? 'not checked' : c.ok ? 'ok' : `MISMATCH (stored ${c.stored}, computed ${c.computed})`}`);
  for (const p of r.problems) lines.push(`problem ${p.code}: ${p.message}`);
  if (r.problems.length === 0) lines.push('no problems found');
  for (const f of r.frames ?? []) lines.push(`frame ${f.index}: page ${f.pageNo}, frame ${f.frameNo}, size after ${f.sizeAfter}`);
  return lines.join('\n');
}

export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'inspect <file> [--frames]',
  summary: 'format, header fields, size, checksum, name agreement; --frames adds every frame header',
  options: { frames: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }) {
    const result = await inspectFile(resolve(positionals[0] ?? ''), { frames: values.frames === true });
    return { json: result, text: render(result), exitCode: result.problems.length === 0 ? 0 : 1 };
  },
};
