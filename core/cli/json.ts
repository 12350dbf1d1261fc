/** Output is handed on in blocks of about this many characters, never built whole. */
const BLOCK = 64 << 10;

/**
 * Writes a `--json` document through `write` in blocks as it is produced, so a listing of 100,000
 * segments never exists as one string. u64 values are bigint inside the process and must print as
 * JSON integers with all their digits (DESIGN.md), which JSON.stringify cannot do.
 */
export function writeJson(value: unknown, write: (text: string) => void, indent = 2): void {
  const out = { text: '', write };
  emit(value, '', ' '.repeat(indent), out);
  out.write(`${out.text}\n`);
}

interface Sink {
  text: string;
  write: (text: string) => void;
}

function put(out: Sink, text: string): void {
  out.text += text;
  if (out.text.length >= BLOCK) {
    out.write(out.text);
    out.text = '';
  }
}

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return value instanceof Date ? JSON.stringify(value.toISOString()) : null;
    default:
      return 'null';
  }
}

/** Arrays, and the lazy sequences a command streams (a query's rows), print as JSON arrays. */
function isSequence(value: unknown): value is Iterable<unknown> {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && Symbol.iterator in value);
}

function emit(value: unknown, pad: string, step: string, out: Sink): void {
  const simple = scalar(value);
  if (simple !== null) return put(out, simple);
  const inner = pad + step;
  if (isSequence(value)) {
    let first = true;
    for (const item of value) {
      put(out, first ? `[\n${inner}` : `,\n${inner}`);
      first = false;
      emit(item, inner, step, out);
    }
    return put(out, first ? '[]' : `\n${pad}]`);
  }
  // Each field is read when its turn comes, so a getter may depend on the fields before it
  // (a query's `truncated` is known once its `rows` have been written).
  let first = true;
  for (const key of Object.keys(value as object)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    put(out, `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
    first = false;
    emit(v, inner, step, out);
  }
  put(out, first ? '{}' : `\n${pad}}`);
}
