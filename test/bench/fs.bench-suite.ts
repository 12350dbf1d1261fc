import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FsBackend } from '../../core/backend/fs-backend.js';
import { listNamespace } from '../../core/inspect/list-namespace.js';
import { ListingCache } from '../../core/layouts/listing-cache.js';
import { SeedDirLayout } from '../../core/layouts/seed-dir.js';
import { noneRemote } from '../../core/layouts/none-remote.js';
import { type BenchSuite, medianMs, timeMs } from './harness.js';
import { buildSegmentDir } from './segment-dir-fixture.js';

const SEGMENTS = 100_000;
const LOOKUPS = 10_000;

export const fsSuite: BenchSuite = {
  name: 'fs',
  async run(record) {
    const { prefix, dir, frames } = await buildSegmentDir(SEGMENTS);
    try {
      const readdirMs = await medianMs(3, () => readdir(dir));
      const listMs = await medianMs(3, () => listNamespace(new SeedDirLayout(prefix), 'default'));
      record({
        what: `open and list ${SEGMENTS.toLocaleString('en')} segments (names, sizes, header status, gaps)`,
        value: listMs,
        unit: 'ms',
        baseline: { what: 'bare fs.readdir', value: readdirMs },
        ratio: { value: listMs / readdirMs, meaning: 'the cost of a bare readdir' },
      });
      // The app and the browser mode keep their layout open, so Reload lists through the same one.
      const open = new SeedDirLayout(prefix, new ListingCache());
      await listNamespace(open, 'default');
      const againMs = await medianMs(3, () => listNamespace(open, 'default'));
      record({
        what:
          `list the same ${SEGMENTS.toLocaleString('en')} segments again, ` +
          `unchanged (Reload: every stat taken again, no name or header re-read)`,
        value: againMs,
        unit: 'ms',
        baseline: { what: 'the first listing above', value: listMs },
        ratio: { value: againMs / listMs, meaning: 'of the first listing' },
        target: { text: '<= 0.3x', met: againMs / listMs <= 0.3 },
      });

      const backend = new FsBackend({ prefix, remote: noneRemote() });
      const indexMs = await timeMs(() => backend.index('default'));
      record({
        what: 'build the cached index (one readdir, names parsed)',
        value: indexMs,
        unit: 'ms',
        baseline: { what: 'bare fs.readdir', value: readdirMs },
      });
      const index = await backend.index('default');
      const targets = Array.from({ length: LOOKUPS }, (_, i) => ((BigInt(i) * 7919n * 13n) % frames) + 1n);
      let found = 0;
      const lookupMs = await timeMs(() => {
        for (const frame of targets) if (index.find(frame)) found++;
      });
      if (found !== LOOKUPS) throw new Error(`only ${found} of ${LOOKUPS} lookups found their segment`);
      record({
        what: `${LOOKUPS.toLocaleString('en')} fetch-by-frame lookups on the open directory`,
        value: lookupMs,
        unit: 'ms',
        baseline: { what: 'one bare fs.readdir', value: readdirMs },
        ratio: { value: lookupMs / readdirMs, meaning: 'of one readdir' },
        target: { text: '< 1x', met: lookupMs < readdirMs },
      });

      const out = join(prefix, 'out');
      const links = 1_000;
      const linkMs = await timeMs(async () => {
        for (let i = 0; i < links; i++) await backend.fetchSegment('default', targets[i] ?? 1n, `${out}-${i}`);
      });
      record({
        what: `${links.toLocaleString('en')} full fetches (lookup, header check, hard link)`,
        value: linkMs,
        unit: 'ms',
      });
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  },
};
