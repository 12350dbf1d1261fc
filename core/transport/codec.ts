/**
 * The browser mode's wire format: JSON in which bigint and Uint8Array values carry a tag, so u64
 * frame numbers keep every digit and dropped files' bytes survive the trip. Shared by the server
 * and the renderer; no Node or DOM dependency. (Electron's IPC needs none of this: structured
 * clone carries both types as they are.)
 */
const BIGINT = '$bigint';
const BYTES = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Arrays of at least this many plain objects of one shape (a listing's rows) go as columns: each
 * key once instead of once a row, and a column of bigints as bare digit strings instead of a tag
 * object each. A listing of 100,000 segments is a third smaller and is written and read without a
 * call into JavaScript for each of its million values.
 */
const TABLE = '$table';
const BIGINTS = '$bigints';
const TABLE_FROM = 32;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** A value JSON.stringify writes as it is: a bigint is no such value (it needs its tag). */
const isScalar = (value: unknown): boolean =>
  value === null || (typeof value !== 'object' && typeof value !== 'bigint');

/** The rows' shared keys, or null when they are not all plain objects with the same keys in the same order. */
function sharedKeys(rows: unknown[]): string[] | null {
  const first = rows[0];
  if (!isPlainObject(first)) return null;
  const keys = Object.keys(first);
  // Empty objects have no column to carry their count (see untable). A row object built on the
  // other side with a __proto__ key would get it as its prototype.
  if (keys.length === 0 || keys.includes('__proto__')) return null;
  for (const row of rows) {
    if (!isPlainObject(row)) return null;
    let k = 0;
    for (const key in row) if (key !== keys[k++]) return null;
    if (k !== keys.length) return null;
  }
  return keys;
}

function column(rows: Record<string, unknown>[], key: string): unknown {
  const values = rows.map((row) => row[key]);
  if (values.every((v) => typeof v === 'bigint')) return { [BIGINTS]: values.map(String) };
  // An undefined would come back as null; the rows go one by one instead.
  if (values.some((v) => v === undefined)) return undefined;
  return values.every(isScalar) ? values : values.map(prepare);
}

/**
 * The value with bigints and bytes tagged and uniform arrays of objects as tables: JSON.stringify
 * does the rest natively.
 */
function prepare(value: unknown): unknown {
  if (typeof value === 'bigint') return { [BIGINT]: value.toString() };
  if (value instanceof Uint8Array) return { [BYTES]: toBase64(value) };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const keys = value.length >= TABLE_FROM ? sharedKeys(value) : null;
    if (keys) {
      const rows = value as Record<string, unknown>[];
      const columns = keys.map((key) => column(rows, key));
      if (!columns.includes(undefined)) return { [TABLE]: { rows: rows.length, keys, columns } };
    }
    return value.map(prepare);
  }
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return prepare(json.call(value));
  // No prototype: a key named __proto__ (JSON.parse makes one) stays a key, as JSON.stringify keeps it.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) out[key] = prepare(v);
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(prepare(value));
}

/**
 * Parsed first, then walked once in place: a reviver costs a call from the parser into
 * JavaScript for every value (900,000 of them in a listing of 100,000 segments), twice the time
 * of the parse itself.
 */
export function decodeWire(text: string): unknown {
  return untag(JSON.parse(text));
}

const isDigits = (text: unknown): text is string => typeof text === 'string' && /^-?[0-9]+$/.test(text);

/** A table's rows, or null when it is not one this codec wrote (then it is left as it is). */
function untable(table: unknown): Record<string, unknown>[] | null {
  if (!isPlainObject(table)) return null;
  const { rows, keys, columns } = table;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 0) return null;
  // At least one column, whose length is the row count: a row count alone (a request body can
  // claim a billion) would have this build that many objects.
  if (!Array.isArray(keys) || !Array.isArray(columns) || keys.length === 0 || keys.length !== columns.length)
    return null;
  if (!keys.every((key) => typeof key === 'string' && key !== '__proto__')) return null;
  const values: unknown[][] = [];
  for (const c of columns) {
    const bigints = isPlainObject(c) && Object.keys(c).length === 1 ? c[BIGINTS] : undefined;
    if (Array.isArray(bigints) && bigints.length === rows && bigints.every(isDigits))
      values.push(bigints.map((d) => BigInt(d)));
    else if (Array.isArray(c) && c.length === rows) values.push(c.every(isScalar) ? c : c.map(untag));
    else return null;
  }
  const out = new Array<Record<string, unknown>>(rows);
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) row[keys[k] as string] = (values[k] as unknown[])[i];
    out[i] = row;
  }
  return out;
}

function untag(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = untag(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1) {
    const big = record[BIGINT];
    if (isDigits(big)) return BigInt(big);
    const bytes = record[BYTES];
    if (typeof bytes === 'string') return fromBase64(bytes);
    const rows = TABLE in record ? untable(record[TABLE]) : null;
    if (rows) return rows;
  }
  for (const key of keys) record[key] = untag(record[key]);
  return record;
}

/** An error as it crosses a process boundary: its stable code and its sentence, nothing else. */
export interface WireError {
  code: string;
  message: string;
}
