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

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    // JSON.stringify hands typed arrays to the replacer already turned into plain objects, so
    // look at the holder's original value.
    const original = (this as Record<string, unknown>)[key];
    if (typeof original === 'bigint') return { [BIGINT]: original.toString() };
    if (original instanceof Uint8Array) return { [BYTES]: toBase64(original) };
    return v;
  });
}

/**
 * Parsed first, then walked once in place: a reviver costs a call from the parser into
 * JavaScript for every value (900,000 of them in a listing of 100,000 segments), twice the time
 * of the parse itself.
 */
export function decodeWire(text: string): unknown {
  return untag(JSON.parse(text));
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
    if (typeof big === 'string' && /^-?[0-9]+$/.test(big)) return BigInt(big);
    const bytes = record[BYTES];
    if (typeof bytes === 'string') return fromBase64(bytes);
  }
  for (const key of keys) record[key] = untag(record[key]);
  return record;
}

/** An error as it crosses a process boundary: its stable code and its sentence, nothing else. */
export interface WireError {
  code: string;
  message: string;
}
