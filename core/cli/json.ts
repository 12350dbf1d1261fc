/** Output is handed on in blocks of about this many characters, never built whole. */
const BLOCK = 64 << 10;

/** Text gathered into blocks: one write a row of a long result would be one system call a row. */
export class Blocks {
  private text = '';

  constructor(private readonly write: (text: string) => void) {}

  put(text: string): void {
    this.text += text;
    if (this.text.length >= BLOCK) {
      this.write(this.text);
      this.text = '';
    }
  }

  /** Hands on what is left. */
  end(): void {
    if (this.text) this.write(this.text);
    this.text = '';
  }
}

/**
 * Writes a `--json` document through `write` in blocks as it is produced, so a listing of 100,000
 * segments never exists as one string. u64 values are bigint inside the process and must print as
 * JSON integers with all their digits, which JSON.stringify cannot do.
 */
export function writeJson(value: unknown, write: (text: string) => void, indent = 2): void {
  const out: Sink = { blocks: new Blocks(write), step: ' '.repeat(indent), depths: [] };
  emit(value, 0, out);
  out.blocks.put('\n');
  out.blocks.end();
}

interface Sink {
  blocks: Blocks;
  step: string;
  /** What each depth writes around its items, made once: a listing writes them 100,000 times. */
  depths: Depth[];
}

interface Depth {
  /** `[` or `{` and a newline, then the items' indentation; `,` and the same. */
  openArray: string;
  openObject: string;
  nextItem: string;
  closeArray: string;
  closeObject: string;
  /** Each key with what goes before it (`{\n    "startFrameNo": `), the first and the next. */
  firstKey: Map<string, string>;
  nextKey: Map<string, string>;
}

/** The strings written around the items of a container at `depth`, whose items sit one deeper. */
function depthOf(out: Sink, depth: number): Depth {
  let found = out.depths[depth];
  if (!found) {
    const pad = out.step.repeat(depth);
    const inner = pad + out.step;
    found = {
      openArray: `[\n${inner}`,
      openObject: `{\n${inner}`,
      nextItem: `,\n${inner}`,
      closeArray: `\n${pad}]`,
      closeObject: `\n${pad}}`,
      firstKey: new Map(),
      nextKey: new Map(),
    };
    out.depths[depth] = found;
  }
  return found;
}

function keyText(keys: Map<string, string>, key: string, before: string): string {
  let text = keys.get(key);
  if (text === undefined) {
    text = `${before}${JSON.stringify(key)}: `;
    keys.set(key, text);
  }
  return text;
}

function put(out: Sink, text: string): void {
  out.blocks.put(text);
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

function emit(value: unknown, depth: number, out: Sink): void {
  const simple = scalar(value);
  if (simple !== null) return put(out, simple);
  const d = depthOf(out, depth);
  if (isSequence(value)) {
    const items = new Items(d, out);
    for (const item of value) emit(items.next(item), depth + 1, out);
    return items.end();
  }
  let first = true;
  for (const v of fields(value as object, d, out)) {
    first = false;
    emit(v, depth + 1, out);
  }
  put(out, first ? '{}' : d.closeObject);
}

/** What goes around the items of a JSON array: `[`, the commas, `]` (or `[]` for none). */
class Items {
  private first = true;

  constructor(
    private readonly d: Depth,
    private readonly out: Sink,
  ) {}

  /** Puts what precedes `item`, and hands it back to be written. */
  next<T>(item: T): T {
    put(this.out, this.first ? this.d.openArray : this.d.nextItem);
    this.first = false;
    return item;
  }

  end(): void {
    put(this.out, this.first ? '[]' : this.d.closeArray);
  }
}

/**
 * An object's fields to print, each key written before its value is handed out. Each field is
 * read when its turn comes, so a getter may depend on the fields before it.
 */
function* fields(value: object, d: Depth, out: Sink): Generator<unknown> {
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    put(out, first ? keyText(d.firstKey, key, d.openObject) : keyText(d.nextKey, key, d.nextItem));
    first = false;
    yield v;
  }
}
