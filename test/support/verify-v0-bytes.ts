import { type V0Verification, V0Verifier } from '../../core/format/segment-v0-verifier.js';

/** A v0 segment already in memory, verified in one push: the streaming verifier fed the whole file. */
export function verifyV0Bytes(bytes: Uint8Array, options: { collectFrames?: boolean } = {}): V0Verification {
  const verifier = new V0Verifier(BigInt(bytes.length), options);
  verifier.push(bytes);
  return verifier.finish();
}
