import { SegscopeError } from '../errors.js';
import { maskedCrc32c } from './crc32c.js';
import { viewOf } from './byte-fields.js';
import {
  EMPTY_ADDRESS,
  FST_VERSION,
  type FstEntry,
  KIND_ANY,
  KIND_EMPTY,
  KIND_NEXT,
  KIND_ONE,
  PREAMBLE,
  TRAILER,
  TRANS_INDEX_THRESHOLD,
  commonInput,
} from './fst-encoding.js';

/* Reading an fst map in place (the format: fst-encoding.ts; building one: fst-builder.ts). */

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
