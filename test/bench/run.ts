import { type BenchSuite, type Measurement, formatFigure } from './harness.js';
import { SUITES } from './suites.js';

/**
 * `npm run bench`: runs every suite (or those named on the command line), printing each figure
 * with its same-run baseline, then a Markdown table to paste into the README.
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const suites: BenchSuite[] = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : [...SUITES];
  const all: Measurement[] = [];
  for (const suite of suites) {
    console.log(`\n## ${suite.name}`);
    await suite.run((m) => {
      const full = { suite: suite.name, ...m };
      all.push(full);
      console.log(describe(full));
    });
  }
  console.log('\n| suite | measurement | figure | baseline (same run) | ratio | target |');
  console.log('|---|---|---|---|---|---|');
  for (const m of all) {
    const base = m.baseline ? `${m.baseline.what}: ${formatFigure(m.baseline.value, m.unit)}` : '';
    const ratio = m.ratio ? `${m.ratio.value.toFixed(2)}x ${m.ratio.meaning}` : '';
    const target = m.target ? `${m.target.text} ${m.target.met ? '(met)' : '(NOT met)'}` : '';
    console.log(`| ${m.suite} | ${m.what} | ${formatFigure(m.value, m.unit)} | ${base} | ${ratio} | ${target} |`);
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
