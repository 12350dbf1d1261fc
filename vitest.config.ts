import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: the end-to-end and S3 suites start servers and a browser, so keep the pool small.
    maxWorkers: 2,
    // expect.poll's 1 s default is less than a first page load takes here while another test file
    // runs beside it (a CI run once saw an opened folder's rows still loading after 1 s); a poll
    // that succeeds returns as soon as it does, so only a failure waits the 10 s.
    expect: { poll: { timeout: 10_000 } },
    // Two cores carry two test files, Ceph's gateway and Chromium at once, and a test that bounds a
    // deadline or a keyboard walk in time can miss it under that load (CI at 9b2791d: one of 1274
    // failed, after the same HEAD had passed whole). A test runs once more after a failure; one
    // that fails twice fails the run, and one that passed only on retry is named at the end of the
    // output (summary-reporter.ts), so a test that grows flaky is seen, not hidden.
    retry: 1,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The AWS SDK's seven-line warning about Node 20 would come once from every worker that loads
    // it; the run prints one line about it instead (global-setup.ts), as the command does.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
