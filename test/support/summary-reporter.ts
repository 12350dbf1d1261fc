import { inspect } from 'node:util';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Ends the run with the one line CI reads, `tests: N passed, N failed[, N skipped]`, after a line
 * for each test that did not simply pass: `skipped:` (a test that skips says why in its name),
 * `failed:` with the first line of its error, and `passed on retry:` for one that failed first.
 * CI keeps only the tail of a long log, so these lines are what names a failure there.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notes: string[] = [];
    for (const module of testModules) {
      const file = module.moduleId.replace(`${process.cwd()}/`, '');
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') {
          passed++;
          const retries = test.diagnostic()?.retryCount ?? 0;
          if (retries > 0) notes.push(`passed on retry ${retries}: ${file} > ${test.fullName}`);
        } else if (result.state === 'failed') {
          failedHere++;
          notes.push(`failed: ${file} > ${test.fullName}: ${firstLine(test)}`);
        } else {
          skipped++;
          notes.push(`skipped: ${file} > ${test.fullName}`);
        }
      }
      // A file that fails to load, or whose beforeAll throws, fails without a failed test case
      // (its tests show as skipped): count it, so a broken suite is never silent.
      if (module.state() === 'failed' && failedHere === 0) {
        failedHere = 1;
        const error = module.errors()[0];
        notes.push(`failed: ${file}: ${error ? oneLine(error.message) : 'the file did not run'}`);
      }
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    for (const error of unhandledErrors) notes.push(`failed: unhandled error: ${oneLine(describe(error))}`);
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${tail}\n`);
  }
}

function firstLine(test: TestCase): string {
  const result = test.result();
  const error = result.state === 'failed' ? result.errors[0] : undefined;
  return error ? oneLine(error.message) : 'no error recorded';
}

/**
 * An unhandled error as vitest hands it over: often a serialized object, some with no prototype
 * (a Playwright error's), which String() cannot convert and which would end the reporter itself.
 */
function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string')
    return error.message;
  return inspect(error, { depth: 1, breakLength: Infinity });
}

function oneLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
