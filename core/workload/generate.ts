import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../sqlite/driver.js';
import { formatSegmentKey } from '../format/segment-key.js';
import { type LogFrame, compactSegment } from './compact.js';
import { seededRandom } from './random.js';
import { WalReader } from './wal-reader.js';

/** One committed transaction as libsql-wal logs it: each page once (its last version), the commit last. */
export interface LoggedTransaction {
  frames: LogFrame[];
  /** Database size in pages after it. */
  sizeAfter: number;
  /** The database image right after it, when asked for. */
  snapshot: Uint8Array | null;
}

export interface GeneratedSegment {
  key: string;
  transactions: LoggedTransaction[];
  startFrameNo: bigint;
  endFrameNo: bigint;
  createdAt: bigint;
  bytes: Uint8Array;
  /** The database image as of the segment's end, when asked for (tests compare restores with it). */
  snapshot: Uint8Array | null;
}

export interface WorkloadOptions {
  transactions: number;
  /** Rows each transaction inserts, updates or deletes, on average. */
  rowsPerTransaction: number;
  /** Seal a segment once it holds this many frames (at the next commit)… */
  framesPerSegment: number;
  /** …or this many transactions, whichever comes first. */
  transactionsPerSegment: number;
  seed: number;
  /** Creation time of the first segment, seconds since the epoch; each next one is 10 s later. */
  firstCreatedAt?: bigint;
  keepSnapshots?: boolean;
  /** What the transactions do; the accounts-and-events workload unless given. */
  script?: WorkloadScript;
  onSegment(segment: GeneratedSegment): Promise<void> | void;
}

/** A workload's SQL: its schema, then one function run inside each transaction. */
export interface WorkloadScript {
  schema: string;
  prepare(db: Database, random: () => number): (tx: number, rows: number) => void;
}

/** Accounts inserted, updated (balance and a blob note of varied size) and deleted, each with an event. */
const ACCOUNTS: WorkloadScript = {
  // SQLite keeps each statement's text in the database file: a line break inside one would change its bytes.
  schema: [
    'CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL, note BLOB);',
    'CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, account INTEGER NOT NULL, amount INTEGER NOT NULL, ' +
      'at TEXT NOT NULL);',
    'CREATE INDEX events_by_account ON events(account);',
  ].join('\n'),
  prepare(db, random) {
    const pick = (n: number) => Math.floor(random() * n);
    const insertAccount = db.prepare('INSERT INTO accounts (name, balance, note) VALUES (?, ?, ?)');
    const updateAccount = db.prepare('UPDATE accounts SET balance = balance + ?, note = ? WHERE id = ?');
    const deleteAccount = db.prepare('DELETE FROM accounts WHERE id = ?');
    const insertEvent = db.prepare('INSERT INTO events (account, amount, at) VALUES (?, ?, ?)');
    const maxId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM accounts');
    return (tx, rows) => {
      for (let r = 0; r < rows; r++) {
        const top = maxId.get()?.id ?? 0;
        const choice = random();
        const note = Buffer.alloc(16 + pick(600), tx & 0xff);
        if (choice < 0.55 || top === 0) insertAccount.run(`account ${tx}-${r}`, pick(10_000), note);
        else if (choice < 0.85) updateAccount.run(pick(100) - 50, note, 1 + pick(top));
        else deleteAccount.run(1 + pick(top));
        insertEvent.run(1 + pick(Math.max(top, 1)), pick(1000), `t${tx}`);
      }
    };
  },
};

/**
 * Runs a real SQL workload in SQLite (WAL mode, 4096-byte pages, no automatic checkpoint),
 * reads each commit's frames from the real `-wal` file, numbers them from 1 as libsql-wal does,
 * and seals them into compacted v0 segments every K frames or T transactions.
 */
export async function generateWorkload(options: WorkloadOptions): Promise<{ segments: number; frames: bigint }> {
  const dir = await mkdtemp(join(tmpdir(), 'segscope-workload-'));
  const db = new Database(join(dir, 'workload.db'));
  let wal: WalReader | null = null;
  try {
    db.pragma('page_size = 4096');
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    const random = seededRandom(options.seed);
    const script = options.script ?? ACCOUNTS;
    db.exec(script.schema);
    wal = await WalReader.open(join(dir, 'workload.db-wal'));
    const transaction = db.transaction(script.prepare(db, random));

    let nextFrameNo = 1n;
    let pending: LogFrame[] = [];
    let transactions: LoggedTransaction[] = [];
    let pendingTransactions = 0;
    let sealed = 0;
    const firstCreatedAt = options.firstCreatedAt ?? 1_700_000_000n;
    const seal = async () => {
      const { bytes, startFrameNo, endFrameNo } = compactSegment(pending);
      const createdAt = firstCreatedAt + BigInt(sealed) * 10n;
      await options.onSegment({
        key: formatSegmentKey({ startFrameNo, endFrameNo, createdAt }),
        transactions,
        startFrameNo,
        endFrameNo,
        createdAt,
        bytes,
        snapshot: transactions.at(-1)?.snapshot ?? null,
      });
      sealed++;
      pending = [];
      transactions = [];
      pendingTransactions = 0;
    };
    const collect = async () => {
      if (!wal) return;
      // libsql-wal overwrites a page written twice in one transaction in place: one frame per
      // page, at its first position, with its last bytes; the last frame carries the size.
      const committed = await wal.readCommitted();
      const sizeAfter = committed.at(-1)?.commitSize ?? 0;
      const pages = new Map<number, Uint8Array>();
      for (const frame of committed) pages.set(frame.pageNo, frame.page);
      const frames: LogFrame[] = [];
      for (const [pageNo, page] of pages) frames.push({ frameNo: nextFrameNo++, pageNo, sizeAfter: 0, page });
      const last = frames.at(-1);
      if (last) last.sizeAfter = sizeAfter;
      for (const frame of frames) pending.push(frame);
      transactions.push({ frames, sizeAfter, snapshot: options.keepSnapshots ? new Uint8Array(db.serialize()) : null });
      pendingTransactions++;
      if (pending.length >= options.framesPerSegment || pendingTransactions >= options.transactionsPerSegment)
        await seal();
    };

    await collect(); // the schema's own commit
    for (let tx = 0; tx < options.transactions; tx++) {
      transaction(tx, Math.max(1, Math.round(options.rowsPerTransaction * (0.5 + random()))));
      await collect();
    }
    if (pending.length > 0) await seal();
    return { segments: sealed, frames: nextFrameNo - 1n };
  } finally {
    await wal?.close();
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
