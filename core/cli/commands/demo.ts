import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { stringOption, usageError } from '../command.js';
import { DEFAULT_CLUSTER_ID } from '../../model/settings.js';

interface WholeNumberRule {
  fallback: number;
  what: string;
  min: number;
  max: number;
}

function wholeNumber(text: string | undefined, { fallback, what, min, max }: WholeNumberRule): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw usageError(`${what} must be a whole number from ${min} to ${max}`);
  return value;
}

export const command: Command = {
  async run({ values, positionals }) {
    const layout = stringOption(values, 'layout') ?? 'sqld';
    if (layout !== 'sqld' && layout !== 'seed') throw usageError('demo --layout is sqld or seed');
    const remote = stringOption(values, 'remote');
    const seed = wholeNumber(stringOption(values, 'seed'), { fallback: 1, what: '--seed', min: 0, max: 2 ** 31 });
    if (layout === 'sqld') {
      if (remote !== undefined) throw usageError('demo --remote goes with --layout seed');
      // SQLite (a native module) loads only for the demo.
      const { writeSqldDemo } = await import('../../workload/sqld-demo.js');
      const result = await writeSqldDemo({
        root: resolve(positionals[0] ?? ''),
        segments: wholeNumber(stringOption(values, 'segments'), {
          fallback: 40,
          what: '--segments',
          min: 4,
          max: 10_000,
        }),
        seed,
      });
      const text = result.namespaces
        .map(
          (ns) =>
            `namespace ${ns.name}: ${ns.segments} segments after frame ${ns.checkpointedFrameNo} (in the ` +
            `database file); ${ns.unsealed} is unsealed`,
        )
        .join('\n');
      const d = result.defaultMode;
      const classic =
        `namespace ${d.name} (sqld's default mode): ${d.snapshots} snapshots, a pending log and ` +
        `the wallog up to frame ${d.newestFrameNo}; data-wal holds the newest commits`;
      const b = result.bucket;
      const bucket =
        `bottomless backup of namespace ${b.namespace} (${b.generations.length} generations, ${b.commits} commits) ` +
        `in ${b.root}: segscope list --remote file://${b.root}`;
      const all = `wrote a sqld data directory to ${result.root}\n${text}\n${classic}\n${bucket}`;
      return { json: result, text: all, exitCode: 0 };
    }
    if (remote !== undefined && !remote.startsWith('file:///'))
      throw usageError('demo --remote takes a directory, file:///<absolute path>');
    const { writeDemo } = await import('../../workload/demo.js');
    const result = await writeDemo({
      prefix: resolve(positionals[0] ?? ''),
      ...(remote ? { remoteDir: remote.slice('file://'.length) } : {}),
      clusterId: stringOption(values, 'cluster-id') ?? DEFAULT_CLUSTER_ID,
      segments: wholeNumber(stringOption(values, 'segments'), {
        fallback: 300,
        what: '--segments',
        min: 8,
        max: 100_000,
      }),
      seed,
    });
    const text =
      `wrote ${result.localSegments} segments to ${result.prefix}/segments` +
      (result.remoteSegments ? ` and ${result.remoteSegments} older ones to the remote` : '') +
      `; frames ${result.gap.fromFrameNo}..${result.gap.toFrameNo} are a gap, ${result.overlap.covering} ` +
      `overlaps two segments`;
    return { json: result, text, exitCode: 0 };
  },
};
