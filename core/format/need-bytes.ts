import { SegscopeError } from '../errors.js';

/** Header decoders start here: too few bytes is a truncated file, said in the header's own terms. */
export function needBytes(bytes: Uint8Array, size: number, header: string): void {
  if (bytes.length < size) {
    throw new SegscopeError('TRUNCATED_SEGMENT', `${header} needs ${size} bytes but only ${bytes.length} are present`);
  }
}
