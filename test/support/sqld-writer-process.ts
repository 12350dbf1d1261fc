import { Database } from '../../core/sqlite/driver.js';

/**
 * A SQLite writer in a process of its own (a test's child, started with fork): it commits five
 * rows to the database at argv[2] every argv[3] ms with busy_timeout 0, so a lock held by any
 * other process fails a commit at once. It says `{ ready, journalMode }` once open. A message
 * `{ checkpoint: mode }` runs `PRAGMA wal_checkpoint(mode)` at once, between two commits, and is
 * answered `{ commits }`, the commits made before it: SQLite copies the WAL into the database and
 * (RESTART, TRUNCATE) makes the next commit start the WAL again, as a checkpoint of sqld's does.
 * `'stop'` stops it, answered `{ commits, failures }` before it exits. It exits with its parent.
 */
interface Report {
  commits: number;
  failures: string[];
}

type Request = 'stop' | { checkpoint: 'PASSIVE' | 'FULL' | 'RESTART' | 'TRUNCATE' };

const [path = '', every = '2'] = process.argv.slice(2);
const writer = new Database(path);
writer.pragma('busy_timeout = 0');
const insert = writer.prepare('INSERT INTO events(kind, payload) VALUES (?, randomblob(300))');
const report: Report = { commits: 0, failures: [] };

function attempt(work: () => void): void {
  try {
    work();
  } catch (error) {
    report.failures.push(error instanceof Error ? error.message : String(error));
  }
}

const timer = setInterval(() => {
  attempt(() => {
    writer.transaction(() => {
      for (let i = 0; i < 5; i++) insert.run(`concurrent-${report.commits}`);
    })();
    report.commits++;
  });
}, Number(every));
process.on('disconnect', () => process.exit(1));
process.on('message', (request: Request) => {
  if (request === 'stop') {
    clearInterval(timer);
    writer.close();
    process.send?.(report, () => process.exit(0));
    return;
  }
  const commits = report.commits;
  attempt(() => writer.pragma(`wal_checkpoint(${request.checkpoint})`));
  process.send?.({ commits });
});
process.send?.({ ready: true, journalMode: String(writer.pragma('journal_mode', { simple: true })) });
