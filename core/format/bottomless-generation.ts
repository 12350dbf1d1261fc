import { SegscopeError } from '../errors.js';

/**
 * A bottomless generation's id: a UUID of version 7 whose 48-bit millisecond field counts
 * DOWN from 9998-12-31T23:00:00.999Z, so that a bucket's ascending key order lists the newest
 * generation first. Only the canonical lowercase form names a generation in keys.
 */
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 253370761200 s (9998-12-31T23:00:00Z) in ms, plus the 999 ms the writer's nanoseconds give. */
const TIME_BASE_MS = 253370761200999n;

export function isGenerationId(text: string): boolean {
  return CANONICAL.test(text);
}

export function checkGenerationId(text: string): string {
  if (!isGenerationId(text)) {
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `"${text}" is not a generation: --generation takes a lowercase UUID such as e4de22d1-19c4-73ce-aa7e-31b28b952948`,
    );
  }
  return text;
}

/** The UUID's 16 bytes in text order (how `.dep` stores its parent). */
export function generationBytes(id: string): Uint8Array {
  const hex = checkGenerationId(id).replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

export function generationFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError('a generation id is 16 bytes');
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** When the generation was started, in ms since the epoch (exact to the millisecond). */
export function generationCreatedMs(id: string): bigint {
  return TIME_BASE_MS - BigInt(`0x${checkGenerationId(id).slice(0, 8)}${id.slice(9, 13)}`);
}

/** Version 7 and the RFC variant, as the writer makes them; any other UUID is accepted with a warning. */
export function isVersion7(id: string): boolean {
  return id[14] === '7' && '89ab'.includes(id[19] ?? '');
}

/** A new generation id created at `createdMs`, as the writer makes one (random bits from `random`). */
export function newGenerationId(createdMs: bigint, random: Uint8Array): string {
  if (random.length < 10) throw new RangeError('a generation id needs 10 random bytes');
  const bytes = new Uint8Array(16);
  let millis = TIME_BASE_MS - createdMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(millis & 0xffn);
    millis >>= 8n;
  }
  bytes[6] = 0x70 | ((random[0] ?? 0) & 0x0f);
  bytes[7] = random[1] ?? 0;
  bytes[8] = 0x80 | ((random[2] ?? 0) & 0x3f);
  bytes.set(random.subarray(3, 10), 9);
  return generationFromBytes(bytes);
}
