import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEALED_HEADER_SIZE } from '../../core/format/sealed-segment.js';
import { V0_HEADER_SIZE } from '../../core/format/segment-v0.js';
import { COMMAND_ENV, SEGSCOPE } from './command-env.js';
import { PY, RUNS, interleaved, repeated } from './command-runs.js';
import type { BenchSuite, Recorder } from './harness.js';
import { buildSegmentDir } from './segment-dir-fixture.js';
import { buildSqldNamespace } from './sqld-dir-fixture.js';

/** `segscope list --json` against a Python process doing the same I/O over the same folder. */
function listAgainstPython(what: string, path: string, folder: string, headerBytes: number, record: Recorder): void {
  const python = repeated(['python3', join(PY, 'list_headers.py'), folder, String(headerBytes)]);
  const segscope = repeated([SEGSCOPE, 'list', path, '--json']);
  record({
    what: `segscope list --json, ${what} (wall, median of ${RUNS})`,
    value: segscope.wallMs,
    unit: 'ms',
    baseline: {
      what: `a Python process: listdir, stat, read ${headerBytes} bytes of each file, JSON out`,
      value: python.wallMs,
    },
    ratio: { value: segscope.wallMs / python.wallMs, meaning: 'the Python process' },
    target: { text: '<= 1.0x', met: segscope.wallMs <= python.wallMs },
  });
  record({
    what: `segscope list --json, ${what} (peak memory)`,
    value: segscope.peakMb,
    unit: 'MB',
    baseline: { what: 'the Python process', value: python.peakMb },
    ratio: { value: segscope.peakMb / python.peakMb, meaning: 'the Python process' },
    target: { text: '< 100 MB', met: segscope.peakMb < 100 },
  });
  // The text a person reads is written row by row as the JSON is: it held 358 MB at 200,000
  // segments when it was built as one string.
  const text = repeated([SEGSCOPE, 'list', path], undefined, 3);
  record({
    what: `segscope list (text), ${what} (peak memory)`,
    value: text.peakMb,
    unit: 'MB',
    baseline: { what: 'segscope list --json', value: segscope.peakMb },
    ratio: { value: text.peakMb / segscope.peakMb, meaning: 'the --json listing' },
    target: { text: '< 150 MB', met: text.peakMb < 150 },
  });
}

/**
 * `segscope verify` of a folder of many small segments (every check, the chain of segments) against
 * a Python process reading each file whole and taking its CRC-32: per file, the cost is the calls
 * it takes, not the checksums.
 */
function verifyAgainstPython(what: string, path: string, folder: string, record: Recorder): void {
  const python = repeated(['python3', join(PY, 'crc_files.py'), folder]);
  const segscope = repeated([SEGSCOPE, 'verify', path]);
  record({
    what: `segscope verify, ${what} (wall, median of ${RUNS})`,
    value: segscope.wallMs,
    unit: 'ms',
    baseline: {
      what: 'a Python process: listdir, read each file whole, CRC-32 of each, a line out',
      value: python.wallMs,
    },
    ratio: { value: segscope.wallMs / python.wallMs, meaning: 'the Python process' },
  });
}

/**
 * Start-ups take a tenth of a second and move by a tenth between runs here: a median of many, and
 * as many for the bare Node start they are held against.
 */
const START_RUNS = 21;

/** Commands' start-ups, against Node starting and doing nothing, all timed in turns. */
function startUps(commands: { what: string; argv: readonly string[] }[], record: Recorder): number {
  const [nodeMs = Number.NaN, ...walls] = interleaved(
    [[process.execPath, '-e', '0'], ...commands.map((c) => [SEGSCOPE, ...c.argv])],
    START_RUNS,
  );
  commands.forEach(({ what }, i) => {
    const wallMs = walls[i] ?? Number.NaN;
    record({
      what: `${what} (wall, median of ${START_RUNS}, in turns with the others and node -e 0)`,
      value: wallMs,
      unit: 'ms',
      baseline: { what: 'node -e 0', value: nodeMs },
      ratio: { value: wallMs / nodeMs, meaning: 'a bare Node start' },
      target: { text: '< 80 ms', met: wallMs < 80 },
    });
  });
  return nodeMs;
}

/** What this machine's NODE_EXTRA_CA_CERTS adds to a bare Node start, when it names a bundle. */
function caCertsCost(nodeMs: number, record: Recorder): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) return;
  const withBundle = repeated([process.execPath, '-e', '0'], {
    ...COMMAND_ENV,
    NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
  });
  record({
    what: `node -e 0 with this machine's NODE_EXTRA_CA_CERTS (not in the commands' environment; median of ${RUNS})`,
    value: withBundle.wallMs,
    unit: 'ms',
    baseline: { what: 'node -e 0 without it', value: nodeMs },
    ratio: { value: withBundle.wallMs / nodeMs, meaning: 'a bare Node start' },
  });
}

/** The command as an operator runs it: a process per call, start-up included. */
export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-cli-'));
    const seed = await buildSegmentDir(100_000);
    try {
      const small = await buildSegmentDir(10);
      // Start-ups are timed on a settled disk too: the 100,000 files just written are otherwise
      // still going out to disk beside them (`meta` 126 ms in such a run, 94 ms settled).
      execFileSync('sync');
      try {
        const nodeMs = startUps(
          [
            { what: 'segscope --help', argv: ['--help'] },
            { what: 'segscope meta on a directory of 10 segments', argv: ['meta', '--dir', small.prefix] },
          ],
          record,
        );
        caCertsCost(nodeMs, record);
      } finally {
        await rm(small.prefix, { recursive: true, force: true });
      }
      // Both sides read a settled tree: 100,000 new files still being written back would take the
      // other core from whichever process runs first.
      execFileSync('sync');
      listAgainstPython('100,000 segments of the seed layout', seed.prefix, seed.dir, V0_HEADER_SIZE, record);
      const walDir = await buildSqldNamespace(join(root, 'sqld'), 10_000);
      execFileSync('sync');
      listAgainstPython(
        'a sqld namespace of 10,000 sealed segments',
        join(root, 'sqld'),
        walDir,
        SEALED_HEADER_SIZE,
        record,
      );
      verifyAgainstPython('a sqld namespace of 10,000 sealed segments', join(root, 'sqld'), walDir, record);
    } finally {
      await rm(seed.prefix, { recursive: true, force: true });
      await rm(root, { recursive: true, force: true });
    }
  },
};
