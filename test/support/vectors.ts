import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Known-good bytes written by the real implementations, copied into test/vectors. */
export const VECTORS = join(dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

/** JSON whose integers may exceed 2^53: every integer becomes a bigint. */
export function parseBigJson(text: string): unknown {
  return JSON.parse(text.replace(/(?<=[[,:\s])(-?\d+)(?=[\],}\s])/g, '"#$1"'), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('#') ? BigInt(value.slice(1)) : value,
  );
}

export interface FstVector {
  name: string;
  bytes: Uint8Array;
  entries: [bigint, bigint][];
}

export function fstVectors(): FstVector[] {
  const dir = join(VECTORS, 'fst');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.fst'))
    .map((file) => {
      const name = file.slice(0, -'.fst'.length);
      return {
        name,
        bytes: new Uint8Array(readFileSync(join(dir, file))),
        entries: parseBigJson(readFileSync(join(dir, `${name}.json`), 'utf8')) as [bigint, bigint][],
      };
    });
}
