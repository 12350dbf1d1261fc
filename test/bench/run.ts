import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchSuite, type Measurement, formatFigure } from './harness.js';
import { SUITES } from './suites.js';

/**
 * `npm run bench [suite…]`: each suite runs in a process of its own, so one suite's memory or
 * caches never colour another's figures; each figure is printed with its same-run baseline, then
 * all of them as a Markdown table to paste into the README.
 */
const RESULTS_FLAG = '--results-to';

async function runOne(suite: BenchSuite): Promise<Measurement[]> {
  const all: Measurement[] = [];
  console.log(`\n## ${suite.name}`);
  await suite.run((m) => {
    const full = { suite: suite.name, ...m };
    all.push(full);
    console.log(describe(full));
  });
  return all;
}

// The bench prints its own figures; the AWS SDK's multi-line Node 20 warning is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const resultsAt = args.indexOf(RESULTS_FLAG);
  if (resultsAt >= 0) {
    const entry = SUITES.find((s) => s.name === args[0]);
    if (!entry) throw new Error(`no bench suite named ${args[0]}`);
    await writeFile(args[resultsAt + 1] ?? '', JSON.stringify(await runOne(await entry.load())));
    return;
  }
  const wanted = args.length ? SUITES.filter((s) => args.includes(s.name)) : [...SUITES];
  const dir = await mkdtemp(join(tmpdir(), 'segscope-bench-results-'));
  const all: Measurement[] = [];
  const failed: string[] = [];
  try {
    for (const suite of wanted) {
      const out = join(dir, `${suite.name}.json`);
      // Whatever the last suite left for the disk to write (or delete: 100,000 files) is written
      // first, so it does not run under this suite's figures.
      execFileSync('sync');
      // One suite that breaks must not cost the figures of the others: it is named at the end.
      try {
        execFileSync(
          process.execPath,
          [...process.execArgv, fileURLToPath(import.meta.url), suite.name, RESULTS_FLAG, out],
          { stdio: 'inherit' },
        );
        all.push(...(JSON.parse(await readFile(out, 'utf8')) as Measurement[]));
      } catch {
        failed.push(suite.name);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log('\n| suite | measurement | figure | baseline (same run) | ratio | target |');
  console.log('|---|---|---|---|---|---|');
  for (const m of all) {
    const base = m.baseline ? `${m.baseline.what}: ${formatFigure(m.baseline.value, m.unit)}` : '';
    const ratio = m.ratio ? `${m.ratio.value.toFixed(2)}x ${m.ratio.meaning}` : '';
    const target = m.target ? `${m.target.text} ${m.target.met ? '(met)' : '(NOT met)'}` : '';
    console.log(`| ${m.suite} | ${m.what} | ${formatFigure(m.value, m.unit)} | ${base} | ${ratio} | ${target} |`);
  }
  if (failed.length > 0) {
    console.log(`\nsuites that failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

function describe(m: Measurement): string {
  let line = `${m.what}: ${formatFigure(m.value, m.unit)}`;
  if (m.baseline) line += ` (baseline ${m.baseline.what}: ${formatFigure(m.baseline.value, m.unit)})`;
  if (m.ratio) line += `; ${m.ratio.value.toFixed(2)}x ${m.ratio.meaning}`;
  if (m.target) line += `; target ${m.target.text}: ${m.target.met ? 'met' : 'NOT met'}`;
  return line;
}

await main();
