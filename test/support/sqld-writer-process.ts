import { Database } from '../../core/sqlite/driver.js';

/**
 * A SQLite writer in a process of its own (a test's child, started with fork): it commits five
 * rows to the database at argv[2] every argv[3] ms with busy_timeout 0, so a lock held by any
 * other process fails a commit at once. It says `{ ready, journalMode }` once open; any message
 * stops it, and it answers `{ commits, failures }` before it exits. It exits with its parent.
 */
interface Report {
  commits: number;
  failures: string[];
}

const [path = '', every = '2'] = process.argv.slice(2);
const writer = new Database(path);
writer.pragma('busy_timeout = 0');
const insert = writer.prepare('INSERT INTO events(kind, payload) VALUES (?, randomblob(300))');
const report: Report = { commits: 0, failures: [] };
const timer = setInterval(() => {
  try {
    writer.transaction(() => {
      for (let i = 0; i < 5; i++) insert.run(`concurrent-${report.commits}`);
    })();
    report.commits++;
  } catch (error) {
    report.failures.push(error instanceof Error ? error.message : String(error));
  }
}, Number(every));
process.on('disconnect', () => process.exit(1));
process.once('message', () => {
  clearInterval(timer);
  writer.close();
  process.send?.(report, () => process.exit(0));
});
process.send?.({ ready: true, journalMode: String(writer.pragma('journal_mode', { simple: true })) });
