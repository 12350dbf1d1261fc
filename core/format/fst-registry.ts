/* The fst builder's nodes and the cache of those already written, as the crate has them. */

export interface Transition {
  input: number;
  output: bigint;
  addr: number;
}

export interface BuilderNode {
  isFinal: boolean;
  finalOutput: bigint;
  transitions: Transition[];
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

/**
 * The crate's node cache: 10,000 rows of two cells, most recently used first, keyed by an
 * FNV-1a hash of the node. Which nodes it shares decides the output bytes, so it is the same.
 */
export class Registry {
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
      h = BigInt.asUintN(64, (h ^ value) * FNV_PRIME);
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
