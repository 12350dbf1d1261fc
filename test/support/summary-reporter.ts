import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with the one line CI reads, `tests: N passed, N failed[, N skipped]`, after a line
 * for each skipped test naming it (a test that skips says why in its name).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedNames: string[] = [];
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else {
          skipped++;
          skippedNames.push(`skipped: ${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
        }
      }
      // A file that fails to load, or whose beforeAll throws, fails without a failed test case
      // (its tests show as skipped): count it, so a broken suite is never silent.
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    if (skippedNames.length > 0) process.stdout.write(`\n${skippedNames.join('\n')}\n`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
