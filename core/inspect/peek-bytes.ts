/** A stream's first bytes read ahead, and the whole stream again from its start. */
export interface Peeked {
  head: Uint8Array;
  /** The stream ended within the head. */
  ended: boolean;
  all: AsyncGenerator<Uint8Array>;
  /** Lets go of the stream when `all` is not read to its end. */
  close(): Promise<void>;
}

/** Reads at least `bytes` of the stream (fewer only if it ends first) without losing them. */
export async function peekBytes(source: AsyncIterable<Uint8Array>, bytes: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let held = 0;
  let ended = false;
  while (held < bytes) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    parts.push(next.value);
    held += next.value.length;
  }
  const head = Buffer.concat(parts);
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (head.length > 0) yield head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      if (!ended) await iterator.return?.();
    }
  }
  const close = async (): Promise<void> => {
    if (!ended) await iterator.return?.();
  };
  return { head, ended, all: all(), close };
}
