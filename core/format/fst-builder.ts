import { SegscopeError } from '../errors.js';
import { maskedCrc32c } from './crc32c.js';
import { viewOf } from './byte-fields.js';
import {
  COMMON_INDEX,
  EMPTY_ADDRESS,
  FST_VERSION,
  type FstEntry,
  NONE_ADDRESS,
  TRANS_INDEX_THRESHOLD,
} from './fst-encoding.js';

/* Building an fst map: the crate's algorithm, so that the same entries give the same bytes. */

interface Transition {
  input: number;
  output: bigint;
  addr: number;
}

interface BuilderNode {
  isFinal: boolean;
  finalOutput: bigint;
  transitions: Transition[];
}

interface Unfinished {
  node: BuilderNode;
  last: { input: number; output: bigint } | null;
}

function packSize(value: bigint): number {
  let size = 1;
  while (size < 8 && value >= 1n << BigInt(8 * size)) size++;
  return size;
}

function sameNode(a: BuilderNode, b: BuilderNode): boolean {
  if (a.isFinal !== b.isFinal || a.finalOutput !== b.finalOutput || a.transitions.length !== b.transitions.length) {
    return false;
  }
  return a.transitions.every((t, i) => {
    const u = b.transitions[i];
    return u !== undefined && t.input === u.input && t.output === u.output && t.addr === u.addr;
  });
}

const REGISTRY_ROWS = 10_000;
const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const U64 = (1n << 64n) - 1n;

/**
 * The crate's node cache: 10,000 rows of two cells, most recently used first, keyed by an
 * FNV-1a hash of the node. Which nodes it shares decides the output bytes, so it is the same.
 */
class Registry {
  private readonly cells: ({ node: BuilderNode; addr: number } | null)[] = new Array<null>(REGISTRY_ROWS * 2).fill(
    null,
  );

  /** The address of an equal node already written, or a setter to record this one's. */
  entry(node: BuilderNode): { found: number } | { record: (addr: number) => void } {
    const row = 2 * Number(this.hash(node) % BigInt(REGISTRY_ROWS));
    const first = this.cells[row];
    if (first && sameNode(first.node, node)) return { found: first.addr };
    const second = this.cells[row + 1];
    if (second && sameNode(second.node, node)) {
      this.cells[row + 1] = first ?? null;
      this.cells[row] = second;
      return { found: second.addr };
    }
    // The least recently used cell is dropped and the new node becomes the first.
    const copy: BuilderNode = { ...node, transitions: [...node.transitions] };
    this.cells[row + 1] = first ?? null;
    return {
      record: (addr) => {
        this.cells[row] = { node: copy, addr };
      },
    };
  }

  private hash(node: BuilderNode): bigint {
    let h = FNV_OFFSET;
    const mix = (value: bigint): void => {
      h = ((h ^ value) * FNV_PRIME) & U64;
    };
    mix(node.isFinal ? 1n : 0n);
    mix(node.finalOutput);
    for (const t of node.transitions) {
      mix(BigInt(t.input));
      mix(t.output);
      mix(BigInt(t.addr));
    }
    return h;
  }
}

class ByteSink {
  private chunks: Uint8Array[] = [];
  private current = new Uint8Array(64 * 1024);
  private used = 0;
  count = 0;

  push(byte: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Uint8Array(this.current.length);
      this.used = 0;
    }
    this.current[this.used++] = byte;
    this.count++;
  }

  uint(value: bigint, size: number): void {
    let v = value;
    for (let i = 0; i < size; i++) {
      this.push(Number(v & 0xffn));
      v >>= 8n;
    }
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.count);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    out.set(this.current.subarray(0, this.used), at);
    return out;
  }
}

/**
 * Builds an fst map from entries in strictly ascending key order, byte for byte what the crate's
 * `MapBuilder::memory()` writes for them.
 */
export function buildFstMap(entries: Iterable<FstEntry>): Uint8Array {
  const sink = new ByteSink();
  sink.uint(FST_VERSION, 8);
  sink.uint(0n, 8);
  const registry = new Registry();
  const stack: Unfinished[] = [{ node: { isFinal: false, finalOutput: 0n, transitions: [] }, last: null }];
  let lastAddr = NONE_ADDRESS;
  let lastKey: Uint8Array | null = null;
  let length = 0n;

  const compile = (node: BuilderNode): number => {
    if (node.isFinal && node.transitions.length === 0 && node.finalOutput === 0n) return EMPTY_ADDRESS;
    const entry = registry.entry(node);
    if ('found' in entry) return entry.found;
    writeNode(sink, node, lastAddr, sink.count);
    lastAddr = sink.count - 1;
    entry.record(lastAddr);
    return lastAddr;
  };
  const freezeLast = (unfinished: Unfinished, addr: number): void => {
    if (unfinished.last) unfinished.node.transitions.push({ ...unfinished.last, addr });
    unfinished.last = null;
  };
  const compileFrom = (depth: number): void => {
    let addr = NONE_ADDRESS;
    while (depth + 1 < stack.length) {
      const unfinished = stack.pop();
      if (!unfinished) break;
      if (addr !== NONE_ADDRESS) freezeLast(unfinished, addr);
      addr = compile(unfinished.node);
    }
    const top = stack[stack.length - 1];
    if (top) freezeLast(top, addr);
  };

  for (const { key, value } of entries) {
    if (lastKey && compareBytes(key, lastKey) <= 0) {
      throw new SegscopeError('INVALID_ARGUMENT', 'fst keys must be unique and in ascending order');
    }
    lastKey = key;
    if (value < 0n || value > U64) throw new SegscopeError('INVALID_ARGUMENT', `fst value ${value} is not a u64`);
    if (key.length === 0) {
      length = 1n;
      const root = stack[0];
      if (root) root.node = { ...root.node, isFinal: true, finalOutput: value };
      continue;
    }
    // Walk the shared prefix, pushing each transition's surplus output down one level.
    let out = value;
    let i = 0;
    while (i < key.length) {
      const last = stack[i]?.last;
      if (!last || last.input !== key[i]) break;
      i++;
      const common = last.output < out ? last.output : out;
      const surplus = last.output - common;
      out -= common;
      last.output = common;
      const below = stack[i];
      if (surplus !== 0n && below) addOutputPrefix(below, surplus);
    }
    length++;
    compileFrom(i);
    const top = stack[stack.length - 1];
    if (top) top.last = { input: key[i] ?? 0, output: out };
    for (let j = i + 1; j < key.length; j++) {
      stack.push({
        node: { isFinal: false, finalOutput: 0n, transitions: [] },
        last: { input: key[j] ?? 0, output: 0n },
      });
    }
    stack.push({ node: { isFinal: true, finalOutput: 0n, transitions: [] }, last: null });
  }
  compileFrom(0);
  const root = stack.pop();
  const rootAddr = root ? compile(root.node) : EMPTY_ADDRESS;
  sink.uint(length, 8);
  sink.uint(BigInt(rootAddr), 8);
  const body = sink.bytes();
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  viewOf(out).setUint32(body.length, maskedCrc32c(body), true);
  return out;
}

function addOutputPrefix(unfinished: Unfinished, prefix: bigint): void {
  const node = unfinished.node;
  if (node.isFinal) node.finalOutput += prefix;
  for (const t of node.transitions) t.output += prefix;
  if (unfinished.last) unfinished.last.output += prefix;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function deltaOf(nodeAddr: number, transAddr: number): bigint {
  return transAddr === EMPTY_ADDRESS ? 0n : BigInt(nodeAddr - transAddr);
}

function writeNode(sink: ByteSink, node: BuilderNode, lastAddr: number, addr: number): void {
  const only = node.transitions[0];
  if (node.transitions.length === 1 && !node.isFinal && only) {
    const common = COMMON_INDEX[only.input] ?? 0;
    if (only.addr === lastAddr && only.output === 0n) {
      if (common === 0) sink.push(only.input);
      sink.push(0b1100_0000 | common);
      return;
    }
    const osize = only.output === 0n ? 0 : packSize(only.output);
    if (osize > 0) sink.uint(only.output, osize);
    const delta = deltaOf(addr, only.addr);
    const tsize = packSize(delta);
    sink.uint(delta, tsize);
    sink.push((tsize << 4) | osize);
    if (common === 0) sink.push(only.input);
    sink.push(0b1000_0000 | common);
    return;
  }
  writeAnyTrans(sink, node, addr);
}

function writeAnyTrans(sink: ByteSink, node: BuilderNode, addr: number): void {
  const ts = node.transitions;
  let tsize = 0;
  let osize = packSize(node.finalOutput);
  let anyOutputs = node.finalOutput !== 0n;
  for (const t of ts) {
    tsize = Math.max(tsize, packSize(deltaOf(addr, t.addr)));
    osize = Math.max(osize, packSize(t.output));
    anyOutputs ||= t.output !== 0n;
  }
  if (!anyOutputs) osize = 0;
  if (anyOutputs) {
    if (node.isFinal) sink.uint(node.finalOutput, osize);
    for (let i = ts.length - 1; i >= 0; i--) sink.uint(ts[i]?.output ?? 0n, osize);
  }
  for (let i = ts.length - 1; i >= 0; i--) sink.uint(deltaOf(addr, ts[i]?.addr ?? 0), tsize);
  for (let i = ts.length - 1; i >= 0; i--) sink.push(ts[i]?.input ?? 0);
  if (ts.length > TRANS_INDEX_THRESHOLD) {
    const index = new Uint8Array(256).fill(255);
    ts.forEach((t, i) => (index[t.input] = i));
    for (const b of index) sink.push(b);
  }
  sink.push((tsize << 4) | osize);
  let state = node.isFinal ? 0b0100_0000 : 0;
  // A count of 0 or over 63 does not fit in the state byte and takes one of its own.
  if (ts.length >= 1 && ts.length <= 0x3f) state |= ts.length;
  else sink.push(ts.length === 256 ? 1 : ts.length);
  sink.push(state);
}
