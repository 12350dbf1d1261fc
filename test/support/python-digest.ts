import { createHash } from 'node:crypto';
import { Database } from '../../core/sqlite/driver.js';

/**
 * The digest the sample directories' manifests record, made by Python's sqlite3: SHA-256 over
 * repr() of the schema rows, then each table's name, a NUL and repr() of its rows. repr() is
 * rebuilt here for the values SQLite returns (int, str, bytes, None); a float refuses, since
 * Python's float repr is not JavaScript's.
 */
function quoted(text: string, prefix: string, escape: (code: number) => string | null): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = prefix + quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else out += escape(code) ?? ch;
  }
  return out + quote;
}

const hex2 = (code: number) => `\\x${code.toString(16).padStart(2, '0')}`;

function pyRepr(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`a float (${value}) has no exact Python repr here`);
    return String(value);
  }
  if (typeof value === 'string')
    return quoted(value, '', (code) =>
      code < 32 || code === 127 ? hex2(code) : code > 127 && code < 160 ? hex2(code) : null,
    );
  if (value instanceof Uint8Array) {
    return quoted(Buffer.from(value).toString('latin1'), 'b', (code) => (code < 32 || code >= 127 ? hex2(code) : null));
  }
  throw new Error(`no Python repr for ${typeof value}`);
}

function tupleRepr(values: readonly unknown[]): string {
  return values.length === 1 ? `(${pyRepr(values[0])},)` : `(${values.map(pyRepr).join(', ')})`;
}

export function pythonDigest(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    const schema = db
      .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
      .raw()
      .all() as unknown[][];
    hash.update(`[${schema.map(tupleRepr).join(', ')}]`);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").raw().all() as [
      string,
    ][];
    for (const [name] of tables) {
      const rows = db.prepare(`SELECT rowid, * FROM "${name}" ORDER BY rowid`).raw().all() as unknown[][];
      hash.update(
        Buffer.concat([Buffer.from(name), Buffer.from([0]), Buffer.from(`[${rows.map(tupleRepr).join(', ')}]`)]),
      );
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
