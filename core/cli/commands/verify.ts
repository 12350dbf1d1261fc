import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VerifyResult } from '../../api/types.js';
import { segmentsDir } from '../../backend/layout.js';
import { SegscopeError, fsError } from '../../errors.js';
import { checkChain } from '../../inspect/chain.js';
import { verifyFiles, verifySegmentsDir } from '../../inspect/verify-files.js';
import type { Command } from '../command.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

function render(r: VerifyResult): string {
  const lines = r.segments.map((s) =>
    s.ok ? `ok      ${s.file}` : [`FAILED  ${s.file}`, ...s.problems.map((p) => `        ${p.code}: ${p.message}`)].join('\n'),
  );
  const failed = r.segments.filter((s) => !s.ok).length;
  lines.push(r.ok ? `all ${r.segments.length} verified` : `${failed} of ${r.segments.length} failed`);
  return lines.join('\n');
}

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'verify <file or prefix> [--namespace <ns>]',
  summary: 'full checks (size, checksum, frame order and range, commit frame) of a file or every segment under a prefix',
  options: { namespace: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const target = resolve(positionals[0] ?? '');
    const info = await stat(target).catch((error: unknown) => {
      throw fsError(error, 'the file or segment directory', target);
    });
    let result: VerifyResult;
    if (info.isDirectory()) {
      const dir = segmentsDir(target, namespaceOption(values));
      const dirInfo = await stat(dir).catch(() => null);
      if (!dirInfo?.isDirectory()) {
        throw new SegscopeError('NOT_FOUND', `${target} holds no segments folder (expected ${dir})`);
      }
      result = await verifySegmentsDir(dir, progressLine(io), async (paths) => [await checkChain(paths)]);
    } else {
      result = await verifyFiles([target]);
    }
    return { json: result, text: render(result), exitCode: result.ok ? 0 : 1 };
  },
};
