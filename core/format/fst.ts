import { SegscopeError } from '../errors.js';
import { maskedCrc32c } from './crc32c.js';
import { viewOf } from './frame.js';

/**
 * The fst map format of the `fst` crate 0.4.7, version 3 (docs/formats/libsql-wal.md): libsql-wal's page
 * indexes. A map is a byte array of nodes written bottom-up, each addressed by its LAST byte and
 * read backwards from there; transitions point to strictly lower addresses, so every walk ends.
 * Layout: version u64, type u64, nodes…, key count u64, root address u64, masked CRC-32C u32.
 */
export const FST_VERSION = 3n;
const EMPTY_ADDRESS = 0;
/** Never a node's address: the builder's "no node compiled yet". */
const NONE_ADDRESS = 1;
const PREAMBLE = 16;
const TRAILER = 20;
/** Nodes with more transitions than this carry a 256-byte lookup table (versions >= 2). */
const TRANS_INDEX_THRESHOLD = 32;

/**
 * The 63 input bytes the crate encodes inside a state byte (index 1..63), most common first.
 * A fixed property of the format: an input outside this list takes a byte of its own.
 */
const COMMON_INPUTS = 'te/oasripcnw.hlm-du012g=:bf3y5&_4v9678k%?xCDASFIBEjPTzRNM+LOqHG';
const COMMON_INDEX = (() => {
  const index = new Uint8Array(256);
  for (let i = 0; i < COMMON_INPUTS.length; i++) index[COMMON_INPUTS.charCodeAt(i)] = i + 1;
  return index;
})();

function commonInput(index: number): number | null {
  return index === 0 ? null : COMMON_INPUTS.charCodeAt(index - 1);
}

export interface FstEntry {
  key: Uint8Array;
  value: bigint;
}

interface Transition {
  input: number;
  output: bigint;
  addr: number;
}

function corrupt(detail: string): SegscopeError {
  return new SegscopeError('INDEX_CHECKSUM', `the fst index is malformed: ${detail}`);
}

function unpack(bytes: Uint8Array, at: number, size: number): bigint {
  if (at < 0 || at + size > bytes.length) throw corrupt(`a value at byte ${at} lies outside the map`);
  let value = 0n;
  for (let i = size - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i] ?? 0);
  return value;
}

/** Little-endian unsigned value as a number; NaN past 2^53, where a number is no longer exact. */
function unpackNumber(bytes: Uint8Array, at: number, size: number): number {
  if (at < 0 || at + size > bytes.length) throw corrupt(`a value at byte ${at} lies outside the map`);
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + (bytes[at + i] ?? 0);
  return value <= Number.MAX_SAFE_INTEGER ? value : Number.NaN;
}

function unpackSmall(bytes: Uint8Array, at: number, size: number): number {
  const value = unpackNumber(bytes, at, size);
  if (Number.isNaN(value)) throw corrupt(`an address at byte ${at} is out of range`);
  return value;
}

function byteAt(bytes: Uint8Array, at: number): number {
  const value = bytes[at];
  if (value === undefined || at < PREAMBLE) throw corrupt(`a node reaches byte ${at}, outside the node area`);
  return value;
}

const KIND_EMPTY = 0;
/** One transition to the node written just before this one, no output. */
const KIND_NEXT = 1;
/** One transition with its own target and output. */
const KIND_ONE = 2;
const KIND_ANY = 3;

/**
 * One node's layout, decoded once and then read in place, transition by transition. Views are
 * reused as a walk moves, so walking a map allocates nothing per node.
 */
class NodeView {
  isFinal = false;
  ntrans = 0;
  private kind = KIND_EMPTY;
  private input0 = 0;
  private target0 = 0;
  private tsize = 0;
  private osize = 0;
  /** KIND_ONE: where its output is; KIND_ANY: the node's first byte (its final output). */
  private end = 0;
  private inputsEnd = 0;
  private transStart = 0;

  constructor(private readonly bytes: Uint8Array) {}

  load(addr: number): this {
    const bytes = this.bytes;
    if (addr === EMPTY_ADDRESS) {
      this.kind = KIND_EMPTY;
      this.isFinal = true;
      this.ntrans = 0;
      this.osize = 0;
      return this;
    }
    const state = byteAt(bytes, addr);
    const tag = state >> 6;
    if (tag === 0b11 || tag === 0b10) {
      const common = commonInput(state & 0x3f);
      const inputLen = common === null ? 1 : 0;
      this.input0 = common ?? byteAt(bytes, addr - 1);
      this.isFinal = false;
      this.ntrans = 1;
      if (tag === 0b11) {
        this.kind = KIND_NEXT;
        this.osize = 0;
        this.target0 = addr - inputLen - 1;
        return this;
      }
      const sizes = byteAt(bytes, addr - inputLen - 1);
      this.kind = KIND_ONE;
      this.tsize = sizes >> 4;
      this.osize = sizes & 0x0f;
      const transAt = addr - inputLen - 1 - this.tsize;
      this.end = transAt - this.osize;
      this.target0 = targetOf(this.end, unpackSmall(bytes, transAt, this.tsize));
      return this;
    }
    this.kind = KIND_ANY;
    this.isFinal = (state & 0x40) !== 0;
    const inState = state & 0x3f;
    let ntransLen = 0;
    this.ntrans = inState;
    if (inState === 0) {
      ntransLen = 1;
      const stored = byteAt(bytes, addr - 1);
      // 1 never needs this byte (it fits in the state), so the crate uses it to mean 256.
      this.ntrans = stored === 1 ? 256 : stored;
    }
    const sizes = byteAt(bytes, addr - ntransLen - 1);
    this.tsize = sizes >> 4;
    this.osize = sizes & 0x0f;
    if (this.tsize > 8 || this.osize > 8)
      throw corrupt(`node ${addr} declares ${this.tsize}-byte addresses and ${this.osize}-byte outputs`);
    const indexSize = this.ntrans > TRANS_INDEX_THRESHOLD ? 256 : 0;
    this.inputsEnd = addr - ntransLen - 1 - indexSize;
    this.transStart = this.inputsEnd - this.ntrans - this.ntrans * this.tsize;
    this.end = this.transStart - this.ntrans * this.osize - (this.isFinal ? this.osize : 0);
    byteAt(bytes, this.end);
    return this;
  }

  /** The inputs ascend with i. */
  input(i: number): number {
    return this.kind === KIND_ANY ? byteAt(this.bytes, this.inputsEnd - i - 1) : this.input0;
  }

  target(i: number): number {
    if (this.kind !== KIND_ANY) return this.target0;
    return targetOf(this.end, unpackSmall(this.bytes, this.inputsEnd - this.ntrans - (i + 1) * this.tsize, this.tsize));
  }

  private outputAt(i: number): number {
    return this.kind === KIND_ONE ? this.end : this.transStart - (i + 1) * this.osize;
  }

  output(i: number): bigint {
    return this.osize === 0 || this.kind === KIND_NEXT ? 0n : unpack(this.bytes, this.outputAt(i), this.osize);
  }

  outputNumber(i: number): number {
    return this.osize === 0 || this.kind === KIND_NEXT ? 0 : unpackNumber(this.bytes, this.outputAt(i), this.osize);
  }

  finalOutput(): bigint {
    return this.kind === KIND_ANY && this.isFinal && this.osize > 0 ? unpack(this.bytes, this.end, this.osize) : 0n;
  }

  finalOutputNumber(): number {
    return this.kind === KIND_ANY && this.isFinal && this.osize > 0
      ? unpackNumber(this.bytes, this.end, this.osize)
      : 0;
  }
}

/** Transition targets are stored as a distance below the node's first byte. */
function targetOf(nodeStart: number, delta: number): number {
  if (delta === EMPTY_ADDRESS) return EMPTY_ADDRESS;
  const addr = nodeStart - delta;
  if (addr < PREAMBLE) throw corrupt(`a transition at byte ${nodeStart} points outside the node area`);
  return addr;
}

/** A decoded, checksum-verified fst map; lookups and iteration read the bytes in place. */
export class FstMap {
  private constructor(
    private readonly bytes: Uint8Array,
    private readonly root: number,
    /** The number of keys the trailer records. */
    readonly length: bigint,
  ) {}

  /** Checks size, version and the CRC-32C trailer; the nodes are checked as they are walked. */
  static decode(bytes: Uint8Array): FstMap {
    if (bytes.length < PREAMBLE + TRAILER) throw corrupt(`${bytes.length} bytes is shorter than the smallest map (36)`);
    const view = viewOf(bytes);
    const version = view.getBigUint64(0, true);
    if (version !== FST_VERSION) throw corrupt(`format version ${version}, expected ${FST_VERSION}`);
    const end = bytes.length - 4;
    const stored = view.getUint32(end, true);
    const computed = maskedCrc32c(bytes.subarray(0, end));
    if (stored !== computed) throw corrupt(`its CRC-32C is ${computed}, the trailer says ${stored}`);
    const length = view.getBigUint64(end - 16, true);
    const rootBig = view.getBigUint64(end - 8, true);
    const root = Number(rootBig);
    const rootFits =
      rootBig === BigInt(EMPTY_ADDRESS) ? bytes.length === PREAMBLE + TRAILER : root + 21 === bytes.length;
    if (!rootFits) throw corrupt(`the root address ${rootBig} does not end the node area`);
    return new FstMap(bytes, root, length);
  }

  get(key: Uint8Array): bigint | undefined {
    const node = new NodeView(this.bytes).load(this.root);
    let output = 0n;
    for (const byte of key) {
      let i = 0;
      while (i < node.ntrans && node.input(i) !== byte) i++;
      if (i === node.ntrans) return undefined;
      output += node.output(i);
      node.load(node.target(i));
    }
    return node.isFinal ? output + node.finalOutput() : undefined;
  }

  /**
   * Every entry in key order, its value exact as a u64. The walk finds the keys; each value is
   * looked up again as a bigint, which costs a lookup per entry and keeps one walk for both uses.
   */
  *entries(): Generator<FstEntry> {
    const keys: Uint8Array[] = [];
    this.forEachNumeric((_key, length, _value, path) => void keys.push(Uint8Array.from(path.slice(0, length))));
    for (const key of keys) {
      const value = this.get(key);
      if (value === undefined) throw corrupt('a key the walk reached is not found by a lookup');
      yield { key, value };
    }
  }

  /**
   * Every entry in key order with its key read as a big-endian number (exact up to 6 bytes; the
   * key's length is given, and its bytes are the first `keyLength` of `path`, valid during the
   * call) and its value as a number (NaN past 2^53), allocating nothing per entry: a sealed
   * segment's index of a quarter of a million pages is checked in a few ms.
   *
   * Depth-first, transitions in input order, one view per depth reused; depth is bounded because
   * addresses strictly decrease. A transition to the empty final node (the last byte of nearly
   * every key) is visited without loading a view for it: that halved the walk of such an index.
   */
  forEachNumeric(visit: (key: number, keyLength: number, value: number, path: readonly number[]) => void): void {
    const bytes = this.bytes;
    const root = new NodeView(bytes).load(this.root);
    const views = [root];
    const next = [0];
    const keys = [0];
    const outputs = [0];
    const path: number[] = [];
    if (root.isFinal) visit(0, 0, root.finalOutputNumber(), path);
    let depth = 0;
    while (depth >= 0) {
      const view = views[depth] as NodeView;
      const i = next[depth] as number;
      if (i >= view.ntrans) {
        depth--;
        continue;
      }
      next[depth] = i + 1;
      const input = view.input(i);
      path[depth] = input;
      const key = (keys[depth] as number) * 256 + input;
      const output = (outputs[depth] as number) + view.outputNumber(i);
      const target = view.target(i);
      if (target === EMPTY_ADDRESS) {
        visit(key, depth + 1, output, path);
        continue;
      }
      let child = views[depth + 1];
      if (!child) {
        child = new NodeView(bytes);
        views[depth + 1] = child;
      }
      child.load(target);
      if (child.isFinal) visit(key, depth + 1, output + child.finalOutputNumber(), path);
      if (child.ntrans > 0) {
        depth++;
        next[depth] = 0;
        keys[depth] = key;
        outputs[depth] = output;
      }
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Building: the crate's algorithm, so that the same entries give the same bytes.             */

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

/** libsql-wal's keys: a page number as 4 big-endian bytes. */
export function pageKey(pageNo: number): Uint8Array {
  const key = new Uint8Array(4);
  viewOf(key).setUint32(0, pageNo, false);
  return key;
}

export function pageOfKey(key: Uint8Array): number | null {
  if (key.length !== 4) return null;
  return (((key[0] ?? 0) << 24) | ((key[1] ?? 0) << 16) | ((key[2] ?? 0) << 8) | (key[3] ?? 0)) >>> 0;
}
