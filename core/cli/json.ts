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

function emit(value: unknown, pad: string, step: string, out: Sink): void {
  const simple = scalar(value);
  if (simple !== null) return put(out, simple);
  const inner = pad + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return put(out, '[]');
    put(out, '[\n');
    value.forEach((item, i) => {
      put(out, i === 0 ? inner : `,\n${inner}`);
      emit(item, inner, step, out);
    });
    return put(out, `\n${pad}]`);
  }
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return put(out, '{}');
  put(out, '{\n');
  entries.forEach(([k, v], i) => {
    put(out, `${i === 0 ? '' : ',\n'}${inner}${JSON.stringify(k)}: `);
    emit(v, inner, step, out);
  });
  put(out, `\n${pad}}`);
}
