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
import { type BuilderNode, Registry } from './fst-registry.js';

/* Building an fst map: the crate's algorithm, so that the same entries give the same bytes. */

interface Unfinished {
  node: BuilderNode;
  last: { input: number; output: bigint } | null;
}

function packSize(value: bigint): number {
  let size = 1;
  while (size < 8 && value >= 1n << BigInt(8 * size)) size++;
  return size;
}

/** The largest value an fst map holds: its values are u64. */
const U64 = (1n << 64n) - 1n;

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

const newNode = (isFinal: boolean): BuilderNode => ({ isFinal, finalOutput: 0n, transitions: [] });

/**
 * The crate's builder: the unfinished nodes along the last key (a stack, the root first), each
 * compiled (written, or found already written in the registry) once no later key can add to it.
 */
class FstBuilder {
  private readonly sink = new ByteSink();
  private readonly registry = new Registry();
  private readonly stack: Unfinished[] = [{ node: newNode(false), last: null }];
  private lastAddr = NONE_ADDRESS;
  private lastKey: Uint8Array | null = null;
  private length = 0n;

  constructor() {
    this.sink.uint(FST_VERSION, 8);
    this.sink.uint(0n, 8);
  }

  insert(key: Uint8Array, value: bigint): void {
    if (this.lastKey && compareBytes(key, this.lastKey) <= 0) {
      throw new SegscopeError('INVALID_ARGUMENT', 'fst keys must be unique and in ascending order');
    }
    this.lastKey = key;
    if (value < 0n || value > U64) throw new SegscopeError('INVALID_ARGUMENT', `fst value ${value} is not a u64`);
    if (key.length === 0) {
      this.length = 1n;
      const root = this.stack[0];
      if (root) root.node = { ...root.node, isFinal: true, finalOutput: value };
      return;
    }
    const { shared, out } = this.sharePrefix(key, value);
    this.length++;
    this.compileFrom(shared);
    const top = this.stack[this.stack.length - 1];
    if (top) top.last = { input: key[shared] ?? 0, output: out };
    for (let j = shared + 1; j < key.length; j++)
      this.stack.push({ node: newNode(false), last: { input: key[j] ?? 0, output: 0n } });
    this.stack.push({ node: newNode(true), last: null });
  }

  /** The bytes: every node compiled, then the length, the root's address and the CRC-32C. */
  finish(): Uint8Array {
    this.compileFrom(0);
    const root = this.stack.pop();
    const rootAddr = root ? this.compile(root.node) : EMPTY_ADDRESS;
    this.sink.uint(this.length, 8);
    this.sink.uint(BigInt(rootAddr), 8);
    const body = this.sink.bytes();
    const out = new Uint8Array(body.length + 4);
    out.set(body);
    viewOf(out).setUint32(body.length, maskedCrc32c(body), true);
    return out;
  }

  /**
   * Walks the prefix `key` shares with the last key, pushing each transition's surplus output
   * down one level: how many bytes it shares, and the output left for the rest of the key.
   */
  private sharePrefix(key: Uint8Array, value: bigint): { shared: number; out: bigint } {
    let out = value;
    let i = 0;
    while (i < key.length) {
      const last = this.stack[i]?.last;
      if (!last || last.input !== key[i]) break;
      i++;
      const common = last.output < out ? last.output : out;
      const surplus = last.output - common;
      out -= common;
      last.output = common;
      const below = this.stack[i];
      if (surplus !== 0n && below) addOutputPrefix(below, surplus);
    }
    return { shared: i, out };
  }

  private compile(node: BuilderNode): number {
    if (node.isFinal && node.transitions.length === 0 && node.finalOutput === 0n) return EMPTY_ADDRESS;
    const entry = this.registry.entry(node);
    if ('found' in entry) return entry.found;
    writeNode(this.sink, node, this.lastAddr, this.sink.count);
    this.lastAddr = this.sink.count - 1;
    entry.record(this.lastAddr);
    return this.lastAddr;
  }

  /** Compiles the nodes below `depth`, each into its parent's last transition. */
  private compileFrom(depth: number): void {
    let addr = NONE_ADDRESS;
    while (depth + 1 < this.stack.length) {
      const unfinished = this.stack.pop();
      if (!unfinished) break;
      if (addr !== NONE_ADDRESS) freezeLast(unfinished, addr);
      addr = this.compile(unfinished.node);
    }
    const top = this.stack[this.stack.length - 1];
    if (top) freezeLast(top, addr);
  }
}

/**
 * Builds an fst map from entries in strictly ascending key order, byte for byte what the crate's
 * `MapBuilder::memory()` writes for them.
 */
export function buildFstMap(entries: Iterable<FstEntry>): Uint8Array {
  const builder = new FstBuilder();
  for (const { key, value } of entries) builder.insert(key, value);
  return builder.finish();
}

function freezeLast(unfinished: Unfinished, addr: number): void {
  if (unfinished.last) unfinished.node.transitions.push({ ...unfinished.last, addr });
  unfinished.last = null;
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
